from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_response_item_body_type_0 import BatchResponseItemBodyType0
    from ..models.batch_response_item_headers import BatchResponseItemHeaders


T = TypeVar("T", bound="BatchResponseItem")


@_attrs_define
class BatchResponseItem:
    """The answer to one request of a batch.

    Attributes:
        id (str): The `id` of the request answered.
        status (int): The request's HTTP status; `424` when a request it depends on failed.
        headers (BatchResponseItemHeaders | Unset): The answer's headers, such as `Content-Type`, `Location` or `Retry-
            After`.
        body (BatchResponseItemBodyType0 | str | Unset): The answer's body: JSON as JSON; a text body (`text/plain`) as
            a JSON
            string; any other body as a string in base64. Absent when the answer has
            no body.
    """

    id: str
    status: int
    headers: BatchResponseItemHeaders | Unset = UNSET
    body: BatchResponseItemBodyType0 | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.batch_response_item_body_type_0 import BatchResponseItemBodyType0  # noqa: PLC0415

        id = self.id

        status = self.status

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        body: dict[str, Any] | str | Unset
        if isinstance(self.body, Unset):
            body = UNSET
        elif isinstance(self.body, BatchResponseItemBodyType0):
            body = self.body.to_dict()
        else:
            body = self.body

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
            }
        )
        if headers is not UNSET:
            field_dict["headers"] = headers
        if body is not UNSET:
            field_dict["body"] = body

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_response_item_body_type_0 import BatchResponseItemBodyType0  # noqa: PLC0415
        from ..models.batch_response_item_headers import BatchResponseItemHeaders  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        status = d.pop("status")

        _headers = d.pop("headers", UNSET)
        headers: BatchResponseItemHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = BatchResponseItemHeaders.from_dict(_headers)

        def _parse_body(data: object) -> BatchResponseItemBodyType0 | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                body_type_0 = BatchResponseItemBodyType0.from_dict(data)

                return body_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BatchResponseItemBodyType0 | str | Unset, data)

        body = _parse_body(d.pop("body", UNSET))

        batch_response_item = cls(
            id=id,
            status=status,
            headers=headers,
            body=body,
        )

        batch_response_item.additional_properties = d
        return batch_response_item

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
