from enum import StrEnum


class DeviceAndAppManagementAssignmentFilterType(StrEnum):
    FILTER_TYPE_EXCLUDE = "exclude"
    FILTER_TYPE_INCLUDE = "include"
    FILTER_TYPE_NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
