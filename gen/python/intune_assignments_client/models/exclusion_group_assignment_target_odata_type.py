from enum import StrEnum


class ExclusionGroupAssignmentTargetOdataType(StrEnum):
    EXCLUSION_GROUP_ASSIGNMENT_TARGET_ODATA_TYPE_BARE = "microsoft.graph.exclusionGroupAssignmentTarget"
    EXCLUSION_GROUP_ASSIGNMENT_TARGET_ODATA_TYPE_HASHED = "#microsoft.graph.exclusionGroupAssignmentTarget"

    def __str__(self) -> str:
        return str(self.value)
