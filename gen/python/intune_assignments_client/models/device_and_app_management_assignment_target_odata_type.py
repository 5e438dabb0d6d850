from enum import StrEnum


class DeviceAndAppManagementAssignmentTargetOdataType(StrEnum):
    DEVICE_AND_APP_MANAGEMENT_ASSIGNMENT_TARGET_ODATA_TYPE_BARE = (
        "microsoft.graph.deviceAndAppManagementAssignmentTarget"
    )
    DEVICE_AND_APP_MANAGEMENT_ASSIGNMENT_TARGET_ODATA_TYPE_HASHED = (
        "#microsoft.graph.deviceAndAppManagementAssignmentTarget"
    )

    def __str__(self) -> str:
        return str(self.value)
