"""Contains all the data models used in inputs/outputs"""

from .all_devices_assignment_target import AllDevicesAssignmentTarget
from .all_devices_assignment_target_odata_type import AllDevicesAssignmentTargetOdataType
from .all_licensed_users_assignment_target import AllLicensedUsersAssignmentTarget
from .all_licensed_users_assignment_target_odata_type import AllLicensedUsersAssignmentTargetOdataType
from .assign_request import AssignRequest
from .batch_request_content import BatchRequestContent
from .batch_request_item import BatchRequestItem
from .batch_request_item_body_type_0_type_0 import BatchRequestItemBodyType0Type0
from .batch_request_item_headers_type_0 import BatchRequestItemHeadersType0
from .batch_response_content import BatchResponseContent
from .batch_response_item import BatchResponseItem
from .batch_response_item_body_type_0 import BatchResponseItemBodyType0
from .batch_response_item_headers import BatchResponseItemHeaders
from .configuration_manager_collection_assignment_target import ConfigurationManagerCollectionAssignmentTarget
from .configuration_manager_collection_assignment_target_odata_type import (
    ConfigurationManagerCollectionAssignmentTargetOdataType,
)
from .device_and_app_management_assignment_filter_type import DeviceAndAppManagementAssignmentFilterType
from .device_and_app_management_assignment_source import DeviceAndAppManagementAssignmentSource
from .device_and_app_management_assignment_target import DeviceAndAppManagementAssignmentTarget
from .device_and_app_management_assignment_target_odata_type import DeviceAndAppManagementAssignmentTargetOdataType
from .enrollment_configuration_assignment import EnrollmentConfigurationAssignment
from .enrollment_configuration_assignment_collection_response import EnrollmentConfigurationAssignmentCollectionResponse
from .enrollment_configuration_assignment_odata_type import EnrollmentConfigurationAssignmentOdataType
from .enrollment_configuration_assignment_update import EnrollmentConfigurationAssignmentUpdate
from .error_details import ErrorDetails
from .exclusion_group_assignment_target import ExclusionGroupAssignmentTarget
from .exclusion_group_assignment_target_odata_type import ExclusionGroupAssignmentTargetOdataType
from .group_assignment_target import GroupAssignmentTarget
from .group_assignment_target_odata_type import GroupAssignmentTargetOdataType
from .inner_error import InnerError
from .main_error import MainError
from .new_enrollment_configuration_assignment import NewEnrollmentConfigurationAssignment
from .odata_error import OdataError

__all__ = (
    "AllDevicesAssignmentTarget",
    "AllDevicesAssignmentTargetOdataType",
    "AllLicensedUsersAssignmentTarget",
    "AllLicensedUsersAssignmentTargetOdataType",
    "AssignRequest",
    "BatchRequestContent",
    "BatchRequestItem",
    "BatchRequestItemBodyType0Type0",
    "BatchRequestItemHeadersType0",
    "BatchResponseContent",
    "BatchResponseItem",
    "BatchResponseItemBodyType0",
    "BatchResponseItemHeaders",
    "ConfigurationManagerCollectionAssignmentTarget",
    "ConfigurationManagerCollectionAssignmentTargetOdataType",
    "DeviceAndAppManagementAssignmentFilterType",
    "DeviceAndAppManagementAssignmentSource",
    "DeviceAndAppManagementAssignmentTarget",
    "DeviceAndAppManagementAssignmentTargetOdataType",
    "EnrollmentConfigurationAssignment",
    "EnrollmentConfigurationAssignmentCollectionResponse",
    "EnrollmentConfigurationAssignmentOdataType",
    "EnrollmentConfigurationAssignmentUpdate",
    "ErrorDetails",
    "ExclusionGroupAssignmentTarget",
    "ExclusionGroupAssignmentTargetOdataType",
    "GroupAssignmentTarget",
    "GroupAssignmentTargetOdataType",
    "InnerError",
    "MainError",
    "NewEnrollmentConfigurationAssignment",
    "OdataError",
)
