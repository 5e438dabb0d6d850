from enum import StrEnum


class AllLicensedUsersAssignmentTargetOdataType(StrEnum):
    ALL_LICENSED_USERS_ASSIGNMENT_TARGET_ODATA_TYPE_BARE = "microsoft.graph.allLicensedUsersAssignmentTarget"
    ALL_LICENSED_USERS_ASSIGNMENT_TARGET_ODATA_TYPE_HASHED = "#microsoft.graph.allLicensedUsersAssignmentTarget"

    def __str__(self) -> str:
        return str(self.value)
