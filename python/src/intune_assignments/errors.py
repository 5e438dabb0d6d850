"""Graph errors as exceptions."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import TypeVar

from intune_assignments_client.models import OdataError
from intune_assignments_client.types import Response

T = TypeVar("T")


class GraphError(Exception):
    """An error answer of Microsoft Graph, with its decoded body.

    ``error`` is the generated ``OdataError``; ``code`` and ``message`` are its
    ``error.code`` and ``error.message``; ``request_id`` is the answer's
    ``request-id`` header, to quote in a support request.
    """

    def __init__(self, status: int, error: OdataError, request_id: str | None = None) -> None:
        self.status = status
        self.error = error
        self.code = error.error.code
        self.message = error.error.message
        self.request_id = request_id
        super().__init__(f"{status} {self.code}: {self.message}")

    @classmethod
    def from_answer(cls, status: int, content: bytes, headers: dict[str, str] | None = None) -> GraphError:
        """Decodes an error answer; one whose body is not Graph's error shape is an error of its own."""
        try:
            error = OdataError.from_dict(json.loads(content))
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"status {status}: the body is not a Graph error: {content[:200]!r}") from exc
        return cls(status, error, (headers or {}).get("request-id"))


def unwrap(response: Response[T | OdataError]) -> T | None:
    """The parsed success value of a generated call's ``sync_detailed`` answer.

    An error status raises ``GraphError``; so does a success status whose body
    the generated code decoded as an error, which the spec never allows.
    """
    status = int(response.status_code)
    if status >= HTTPStatus.BAD_REQUEST or isinstance(response.parsed, OdataError):
        raise GraphError.from_answer(status, response.content, dict(response.headers))
    return response.parsed
