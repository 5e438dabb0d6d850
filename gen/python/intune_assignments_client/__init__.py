"""A client library for accessing Microsoft Graph beta - Intune enrollment configuration assignments"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
