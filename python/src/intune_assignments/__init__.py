"""Typed helpers over the generated client (intune_assignments_client).

The generated calls return a Graph error as a value among their results and
read ``$count`` as text; these helpers raise a Graph error as ``GraphError``,
read ``$count`` as an ``int`` and follow ``@odata.nextLink`` to the last page.
"""

from .errors import GraphError, unwrap
from .paging import count_assignments, list_all_assignments

__all__ = ["GraphError", "count_assignments", "list_all_assignments", "unwrap"]
