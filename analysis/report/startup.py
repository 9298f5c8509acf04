"""Keep the report runner's processes quick to start: skip one slow, unused optional import.

``papermill`` imports ``nbformat``, which imports ``jsonschema``, which tries to import the
optional ``rfc3987_syntax`` package to check the "iri" string format. That package builds a
Lark grammar when it is imported: about 2.5-3 s of CPU, more than everything else papermill
imports, paid by the runner and again by every worker process. Notebook validation never
checks that format, so the runner's processes mark the package as unavailable before papermill
is imported (``jsonschema`` then simply leaves the "iri" check out, as it does wherever the
package is not installed). Report kernels are separate processes and are not affected.
"""

from __future__ import annotations

import sys

#: Optional imports of the report tool chain that cost seconds and that reports never use.
SKIPPED_IMPORTS = ("rfc3987_syntax",)


def skip_slow_optional_imports() -> list[str]:
    """Make :data:`SKIPPED_IMPORTS` raise ``ImportError`` in this process unless already loaded.

    Returns the names newly marked (empty when they were imported before, which is left alone).
    """
    marked = []
    for name in SKIPPED_IMPORTS:
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]  # "import name" raises ImportError
            marked.append(name)
    return marked
