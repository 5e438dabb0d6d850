from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_request_item_body_type_0_type_0 import BatchRequestItemBodyType0Type0
    from ..models.batch_request_item_headers_type_0 import BatchRequestItemHeadersType0


T = TypeVar("T", bound="BatchRequestItem")


@_attrs_define
class BatchRequestItem:
    """One request of a batch. Members this schema does not name are ignored, as Graph
    ignores them (msgraph-core for Python writes `depends_on`, for instance).

        Attributes:
            id (str): Names the request and its answer; unique in the batch, compared without regard to case.
            method (str): The HTTP method, such as `GET` or `POST`.
            url (str): The request's URL relative to the version root, with or without a leading
                `/`, query included: `/deviceManagement/deviceEnrollmentConfigurations/{id}/assignments?$top=5`.
            headers (BatchRequestItemHeadersType0 | None | Unset): The request's headers; a request with a `body` needs
                `Content-Type`.
                Microsoft's Graph SDK for Go writes `null` for none.
            body (BatchRequestItemBodyType0Type0 | None | str | Unset): The request's body: a JSON object, or a string
                holding the body in base64
                for a media type other than JSON. Microsoft's Graph SDK for Go writes `null`
                for none.
            depends_on (list[str] | Unset): The ids of earlier requests of the batch that must succeed before this one runs.
    """

    id: str
    method: str
    url: str
    headers: BatchRequestItemHeadersType0 | None | Unset = UNSET
    body: BatchRequestItemBodyType0Type0 | None | str | Unset = UNSET
    depends_on: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.batch_request_item_body_type_0_type_0 import BatchRequestItemBodyType0Type0  # noqa: PLC0415
        from ..models.batch_request_item_headers_type_0 import BatchRequestItemHeadersType0  # noqa: PLC0415

        id = self.id

        method = self.method

        url = self.url

        headers: dict[str, Any] | None | Unset
        if isinstance(self.headers, Unset):
            headers = UNSET
        elif isinstance(self.headers, BatchRequestItemHeadersType0):
            headers = self.headers.to_dict()
        else:
            headers = self.headers

        body: dict[str, Any] | None | str | Unset
        if isinstance(self.body, Unset):
            body = UNSET
        elif isinstance(self.body, BatchRequestItemBodyType0Type0):
            body = self.body.to_dict()
        else:
            body = self.body

        depends_on: list[str] | Unset = UNSET
        if not isinstance(self.depends_on, Unset):
            depends_on = self.depends_on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "method": method,
                "url": url,
            }
        )
        if headers is not UNSET:
            field_dict["headers"] = headers
        if body is not UNSET:
            field_dict["body"] = body
        if depends_on is not UNSET:
            field_dict["dependsOn"] = depends_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_request_item_body_type_0_type_0 import BatchRequestItemBodyType0Type0  # noqa: PLC0415
        from ..models.batch_request_item_headers_type_0 import BatchRequestItemHeadersType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        method = d.pop("method")

        url = d.pop("url")

        def _parse_headers(data: object) -> BatchRequestItemHeadersType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                headers_type_0 = BatchRequestItemHeadersType0.from_dict(data)

                return headers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BatchRequestItemHeadersType0 | None | Unset, data)

        headers = _parse_headers(d.pop("headers", UNSET))

        def _parse_body(data: object) -> BatchRequestItemBodyType0Type0 | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                body_type_0_type_0 = BatchRequestItemBodyType0Type0.from_dict(data)

                return body_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BatchRequestItemBodyType0Type0 | None | str | Unset, data)

        body = _parse_body(d.pop("body", UNSET))

        depends_on = cast(list[str], d.pop("dependsOn", UNSET))

        batch_request_item = cls(
            id=id,
            method=method,
            url=url,
            headers=headers,
            body=body,
            depends_on=depends_on,
        )

        batch_request_item.additional_properties = d
        return batch_request_item

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
