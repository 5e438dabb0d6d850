from enum import StrEnum


class DeviceAndAppManagementAssignmentSource(StrEnum):
    SOURCE_DIRECT = "direct"
    SOURCE_POLICY_SETS = "policySets"

    def __str__(self) -> str:
        return str(self.value)
