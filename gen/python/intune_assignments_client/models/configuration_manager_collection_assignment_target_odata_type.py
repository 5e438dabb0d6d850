from enum import StrEnum


class ConfigurationManagerCollectionAssignmentTargetOdataType(StrEnum):
    CONFIGURATION_MANAGER_COLLECTION_ASSIGNMENT_TARGET_ODATA_TYPE_BARE = (
        "microsoft.graph.configurationManagerCollectionAssignmentTarget"
    )
    CONFIGURATION_MANAGER_COLLECTION_ASSIGNMENT_TARGET_ODATA_TYPE_HASHED = (
        "#microsoft.graph.configurationManagerCollectionAssignmentTarget"
    )

    def __str__(self) -> str:
        return str(self.value)
