from enum import StrEnum


class AllDevicesAssignmentTargetOdataType(StrEnum):
    ALL_DEVICES_ASSIGNMENT_TARGET_ODATA_TYPE_BARE = "microsoft.graph.allDevicesAssignmentTarget"
    ALL_DEVICES_ASSIGNMENT_TARGET_ODATA_TYPE_HASHED = "#microsoft.graph.allDevicesAssignmentTarget"

    def __str__(self) -> str:
        return str(self.value)
