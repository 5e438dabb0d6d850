from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.device_and_app_management_assignment_source import DeviceAndAppManagementAssignmentSource
from ..models.enrollment_configuration_assignment_odata_type import EnrollmentConfigurationAssignmentOdataType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.all_devices_assignment_target import AllDevicesAssignmentTarget
    from ..models.all_licensed_users_assignment_target import AllLicensedUsersAssignmentTarget
    from ..models.configuration_manager_collection_assignment_target import (
        ConfigurationManagerCollectionAssignmentTarget,
    )
    from ..models.device_and_app_management_assignment_target import DeviceAndAppManagementAssignmentTarget
    from ..models.exclusion_group_assignment_target import ExclusionGroupAssignmentTarget
    from ..models.group_assignment_target import GroupAssignmentTarget


T = TypeVar("T", bound="EnrollmentConfigurationAssignment")


@_attrs_define
class EnrollmentConfigurationAssignment:
    """The assignment of a device enrollment configuration to a target: all devices,
    all licensed users, a group, an excluded group or a Configuration Manager collection.
    Every property is optional here, since `$select` may leave any out; a new
    assignment must have a `target` (see newEnrollmentConfigurationAssignment).

        Attributes:
            odata_context (None | str | Unset): OData control information that a response carries and a client may send
                back unchanged; the service ignores it in requests.
            odata_etag (None | str | Unset): OData control information that a response carries and a client may send
                back unchanged; the service ignores it in requests.
            odata_id (None | str | Unset): OData control information that a response carries and a client may send
                back unchanged; the service ignores it in requests.
            odata_edit_link (None | str | Unset): OData control information that a response carries and a client may send
                back unchanged; the service ignores it in requests.
            odata_type (EnrollmentConfigurationAssignmentOdataType | Unset): The OData type of an
                enrollmentConfigurationAssignment, with or without the leading `#`.
            id (str | Unset): Key of the enrollment configuration assignment. May be omitted on create,
                in which case the service assigns a GUID.
            target (AllDevicesAssignmentTarget | AllLicensedUsersAssignmentTarget |
                ConfigurationManagerCollectionAssignmentTarget | DeviceAndAppManagementAssignmentTarget |
                ExclusionGroupAssignmentTarget | GroupAssignmentTarget | Unset): The target of an assignment. `@odata.type`
                names the concrete type, with or
                without the leading `#`; the variants are mutually exclusive.
            source (DeviceAndAppManagementAssignmentSource | Unset): How an assignment was made: `direct` (assigned
                directly; the default) or
                `policySets` (made through a policy set assignment).
            source_id (None | str | Unset): Identifier for the resource used for deployment to a group.
    """

    odata_context: None | str | Unset = UNSET
    odata_etag: None | str | Unset = UNSET
    odata_id: None | str | Unset = UNSET
    odata_edit_link: None | str | Unset = UNSET
    odata_type: EnrollmentConfigurationAssignmentOdataType | Unset = UNSET
    id: str | Unset = UNSET
    target: (
        AllDevicesAssignmentTarget
        | AllLicensedUsersAssignmentTarget
        | ConfigurationManagerCollectionAssignmentTarget
        | DeviceAndAppManagementAssignmentTarget
        | ExclusionGroupAssignmentTarget
        | GroupAssignmentTarget
        | Unset
    ) = UNSET
    source: DeviceAndAppManagementAssignmentSource | Unset = UNSET
    source_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.all_devices_assignment_target import AllDevicesAssignmentTarget  # noqa: PLC0415
        from ..models.all_licensed_users_assignment_target import AllLicensedUsersAssignmentTarget  # noqa: PLC0415
        from ..models.device_and_app_management_assignment_target import DeviceAndAppManagementAssignmentTarget  # noqa: PLC0415
        from ..models.exclusion_group_assignment_target import ExclusionGroupAssignmentTarget  # noqa: PLC0415
        from ..models.group_assignment_target import GroupAssignmentTarget  # noqa: PLC0415

        odata_context: None | str | Unset
        if isinstance(self.odata_context, Unset):
            odata_context = UNSET
        else:
            odata_context = self.odata_context

        odata_etag: None | str | Unset
        if isinstance(self.odata_etag, Unset):
            odata_etag = UNSET
        else:
            odata_etag = self.odata_etag

        odata_id: None | str | Unset
        if isinstance(self.odata_id, Unset):
            odata_id = UNSET
        else:
            odata_id = self.odata_id

        odata_edit_link: None | str | Unset
        if isinstance(self.odata_edit_link, Unset):
            odata_edit_link = UNSET
        else:
            odata_edit_link = self.odata_edit_link

        odata_type: str | Unset = UNSET
        if not isinstance(self.odata_type, Unset):
            odata_type = self.odata_type.value

        id = self.id

        target: dict[str, Any] | Unset
        if isinstance(self.target, Unset):
            target = UNSET
        elif isinstance(self.target, DeviceAndAppManagementAssignmentTarget):
            target = self.target.to_dict()
        elif isinstance(self.target, AllDevicesAssignmentTarget):
            target = self.target.to_dict()
        elif isinstance(self.target, AllLicensedUsersAssignmentTarget):
            target = self.target.to_dict()
        elif isinstance(self.target, GroupAssignmentTarget):
            target = self.target.to_dict()
        elif isinstance(self.target, ExclusionGroupAssignmentTarget):
            target = self.target.to_dict()
        else:
            target = self.target.to_dict()

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.value

        source_id: None | str | Unset
        if isinstance(self.source_id, Unset):
            source_id = UNSET
        else:
            source_id = self.source_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if odata_context is not UNSET:
            field_dict["@odata.context"] = odata_context
        if odata_etag is not UNSET:
            field_dict["@odata.etag"] = odata_etag
        if odata_id is not UNSET:
            field_dict["@odata.id"] = odata_id
        if odata_edit_link is not UNSET:
            field_dict["@odata.editLink"] = odata_edit_link
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if id is not UNSET:
            field_dict["id"] = id
        if target is not UNSET:
            field_dict["target"] = target
        if source is not UNSET:
            field_dict["source"] = source
        if source_id is not UNSET:
            field_dict["sourceId"] = source_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.all_devices_assignment_target import AllDevicesAssignmentTarget  # noqa: PLC0415
        from ..models.all_licensed_users_assignment_target import AllLicensedUsersAssignmentTarget  # noqa: PLC0415
        from ..models.configuration_manager_collection_assignment_target import (
            ConfigurationManagerCollectionAssignmentTarget,  # noqa: PLC0415
        )
        from ..models.device_and_app_management_assignment_target import DeviceAndAppManagementAssignmentTarget  # noqa: PLC0415
        from ..models.exclusion_group_assignment_target import ExclusionGroupAssignmentTarget  # noqa: PLC0415
        from ..models.group_assignment_target import GroupAssignmentTarget  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_odata_context(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        odata_context = _parse_odata_context(d.pop("@odata.context", UNSET))

        def _parse_odata_etag(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        odata_etag = _parse_odata_etag(d.pop("@odata.etag", UNSET))

        def _parse_odata_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        odata_id = _parse_odata_id(d.pop("@odata.id", UNSET))

        def _parse_odata_edit_link(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        odata_edit_link = _parse_odata_edit_link(d.pop("@odata.editLink", UNSET))

        _odata_type = d.pop("@odata.type", UNSET)
        odata_type: EnrollmentConfigurationAssignmentOdataType | Unset
        if isinstance(_odata_type, Unset):
            odata_type = UNSET
        else:
            odata_type = EnrollmentConfigurationAssignmentOdataType(_odata_type)

        id = d.pop("id", UNSET)

        def _parse_target(
            data: object,
        ) -> (
            AllDevicesAssignmentTarget
            | AllLicensedUsersAssignmentTarget
            | ConfigurationManagerCollectionAssignmentTarget
            | DeviceAndAppManagementAssignmentTarget
            | ExclusionGroupAssignmentTarget
            | GroupAssignmentTarget
            | Unset
        ):
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemasassignment_target_type_0 = DeviceAndAppManagementAssignmentTarget.from_dict(data)

                return componentsschemasassignment_target_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemasassignment_target_type_1 = AllDevicesAssignmentTarget.from_dict(data)

                return componentsschemasassignment_target_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemasassignment_target_type_2 = AllLicensedUsersAssignmentTarget.from_dict(data)

                return componentsschemasassignment_target_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemasassignment_target_type_3 = GroupAssignmentTarget.from_dict(data)

                return componentsschemasassignment_target_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemasassignment_target_type_4 = ExclusionGroupAssignmentTarget.from_dict(data)

                return componentsschemasassignment_target_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemasassignment_target_type_5 = ConfigurationManagerCollectionAssignmentTarget.from_dict(data)

            return componentsschemasassignment_target_type_5

        target = _parse_target(d.pop("target", UNSET))

        _source = d.pop("source", UNSET)
        source: DeviceAndAppManagementAssignmentSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = DeviceAndAppManagementAssignmentSource(_source)

        def _parse_source_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source_id = _parse_source_id(d.pop("sourceId", UNSET))

        enrollment_configuration_assignment = cls(
            odata_context=odata_context,
            odata_etag=odata_etag,
            odata_id=odata_id,
            odata_edit_link=odata_edit_link,
            odata_type=odata_type,
            id=id,
            target=target,
            source=source,
            source_id=source_id,
        )

        return enrollment_configuration_assignment
