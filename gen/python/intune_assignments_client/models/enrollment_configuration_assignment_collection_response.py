from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.enrollment_configuration_assignment import EnrollmentConfigurationAssignment


T = TypeVar("T", bound="EnrollmentConfigurationAssignmentCollectionResponse")


@_attrs_define
class EnrollmentConfigurationAssignmentCollectionResponse:
    """One page of enrollmentConfigurationAssignment objects.

    Attributes:
        value (list[EnrollmentConfigurationAssignment]): The assignments of this page.
        odata_context (str | Unset): The URL of the metadata that describes the response.
        odata_count (int | Unset): With `$count=true`, the number of assignments in the whole result.
        odata_next_link (str | Unset): The URL of the next page; absent on the last page.
    """

    value: list[EnrollmentConfigurationAssignment]
    odata_context: str | Unset = UNSET
    odata_count: int | Unset = UNSET
    odata_next_link: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value = []
        for value_item_data in self.value:
            value_item = value_item_data.to_dict()
            value.append(value_item)

        odata_context = self.odata_context

        odata_count = self.odata_count

        odata_next_link = self.odata_next_link

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
            }
        )
        if odata_context is not UNSET:
            field_dict["@odata.context"] = odata_context
        if odata_count is not UNSET:
            field_dict["@odata.count"] = odata_count
        if odata_next_link is not UNSET:
            field_dict["@odata.nextLink"] = odata_next_link

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.enrollment_configuration_assignment import EnrollmentConfigurationAssignment  # noqa: PLC0415

        d = dict(src_dict)
        value = []
        _value = d.pop("value")
        for value_item_data in _value:
            value_item = EnrollmentConfigurationAssignment.from_dict(value_item_data)

            value.append(value_item)

        odata_context = d.pop("@odata.context", UNSET)

        odata_count = d.pop("@odata.count", UNSET)

        odata_next_link = d.pop("@odata.nextLink", UNSET)

        enrollment_configuration_assignment_collection_response = cls(
            value=value,
            odata_context=odata_context,
            odata_count=odata_count,
            odata_next_link=odata_next_link,
        )

        enrollment_configuration_assignment_collection_response.additional_properties = d
        return enrollment_configuration_assignment_collection_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
