from enum import StrEnum


class GroupAssignmentTargetOdataType(StrEnum):
    GROUP_ASSIGNMENT_TARGET_ODATA_TYPE_BARE = "microsoft.graph.groupAssignmentTarget"
    GROUP_ASSIGNMENT_TARGET_ODATA_TYPE_HASHED = "#microsoft.graph.groupAssignmentTarget"

    def __str__(self) -> str:
        return str(self.value)
