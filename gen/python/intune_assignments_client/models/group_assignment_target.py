from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.device_and_app_management_assignment_filter_type import DeviceAndAppManagementAssignmentFilterType
from ..models.group_assignment_target_odata_type import GroupAssignmentTargetOdataType
from ..types import UNSET, Unset

T = TypeVar("T", bound="GroupAssignmentTarget")


@_attrs_define
class GroupAssignmentTarget:
    """An assignment to the members of an Entra ID group.

    Attributes:
        odata_type (GroupAssignmentTargetOdataType): `#microsoft.graph.groupAssignmentTarget`, with or without the `#`.
        group_id (str): The id of the group that is the target of the assignment.
        device_and_app_management_assignment_filter_id (None | str | Unset): The id of the assignment filter of the
            target.
        device_and_app_management_assignment_filter_type (DeviceAndAppManagementAssignmentFilterType | Unset): How the
            assignment filter applies: `none` (no filter; the default), `include`
            (devices that match the filter get the payload) or `exclude` (devices that
            match do not).
    """

    odata_type: GroupAssignmentTargetOdataType
    group_id: str
    device_and_app_management_assignment_filter_id: None | str | Unset = UNSET
    device_and_app_management_assignment_filter_type: DeviceAndAppManagementAssignmentFilterType | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type.value

        group_id = self.group_id

        device_and_app_management_assignment_filter_id: None | str | Unset
        if isinstance(self.device_and_app_management_assignment_filter_id, Unset):
            device_and_app_management_assignment_filter_id = UNSET
        else:
            device_and_app_management_assignment_filter_id = self.device_and_app_management_assignment_filter_id

        device_and_app_management_assignment_filter_type: str | Unset = UNSET
        if not isinstance(self.device_and_app_management_assignment_filter_type, Unset):
            device_and_app_management_assignment_filter_type = (
                self.device_and_app_management_assignment_filter_type.value
            )

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "@odata.type": odata_type,
                "groupId": group_id,
            }
        )
        if device_and_app_management_assignment_filter_id is not UNSET:
            field_dict["deviceAndAppManagementAssignmentFilterId"] = device_and_app_management_assignment_filter_id
        if device_and_app_management_assignment_filter_type is not UNSET:
            field_dict["deviceAndAppManagementAssignmentFilterType"] = device_and_app_management_assignment_filter_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = GroupAssignmentTargetOdataType(d.pop("@odata.type"))

        group_id = d.pop("groupId")

        def _parse_device_and_app_management_assignment_filter_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_and_app_management_assignment_filter_id = _parse_device_and_app_management_assignment_filter_id(
            d.pop("deviceAndAppManagementAssignmentFilterId", UNSET)
        )

        _device_and_app_management_assignment_filter_type = d.pop("deviceAndAppManagementAssignmentFilterType", UNSET)
        device_and_app_management_assignment_filter_type: DeviceAndAppManagementAssignmentFilterType | Unset
        if isinstance(_device_and_app_management_assignment_filter_type, Unset):
            device_and_app_management_assignment_filter_type = UNSET
        else:
            device_and_app_management_assignment_filter_type = DeviceAndAppManagementAssignmentFilterType(
                _device_and_app_management_assignment_filter_type
            )

        group_assignment_target = cls(
            odata_type=odata_type,
            group_id=group_id,
            device_and_app_management_assignment_filter_id=device_and_app_management_assignment_filter_id,
            device_and_app_management_assignment_filter_type=device_and_app_management_assignment_filter_type,
        )

        return group_assignment_target
