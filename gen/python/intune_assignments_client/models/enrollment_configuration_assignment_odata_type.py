from enum import StrEnum


class EnrollmentConfigurationAssignmentOdataType(StrEnum):
    ENROLLMENT_CONFIGURATION_ASSIGNMENT_ODATA_TYPE_BARE = "microsoft.graph.enrollmentConfigurationAssignment"
    ENROLLMENT_CONFIGURATION_ASSIGNMENT_ODATA_TYPE_HASHED = "#microsoft.graph.enrollmentConfigurationAssignment"

    def __str__(self) -> str:
        return str(self.value)
