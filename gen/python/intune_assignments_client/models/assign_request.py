from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.new_enrollment_configuration_assignment import NewEnrollmentConfigurationAssignment


T = TypeVar("T", bound="AssignRequest")


@_attrs_define
class AssignRequest:
    """The body of the `assign` action.

    Attributes:
        enrollment_configuration_assignments (list[NewEnrollmentConfigurationAssignment]): The complete list of
            assignments the configuration is to have.
    """

    enrollment_configuration_assignments: list[NewEnrollmentConfigurationAssignment]

    def to_dict(self) -> dict[str, Any]:
        enrollment_configuration_assignments = []
        for enrollment_configuration_assignments_item_data in self.enrollment_configuration_assignments:
            enrollment_configuration_assignments_item = enrollment_configuration_assignments_item_data.to_dict()
            enrollment_configuration_assignments.append(enrollment_configuration_assignments_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "enrollmentConfigurationAssignments": enrollment_configuration_assignments,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.new_enrollment_configuration_assignment import NewEnrollmentConfigurationAssignment  # noqa: PLC0415

        d = dict(src_dict)
        enrollment_configuration_assignments = []
        _enrollment_configuration_assignments = d.pop("enrollmentConfigurationAssignments")
        for enrollment_configuration_assignments_item_data in _enrollment_configuration_assignments:
            enrollment_configuration_assignments_item = NewEnrollmentConfigurationAssignment.from_dict(
                enrollment_configuration_assignments_item_data
            )

            enrollment_configuration_assignments.append(enrollment_configuration_assignments_item)

        assign_request = cls(
            enrollment_configuration_assignments=enrollment_configuration_assignments,
        )

        return assign_request
