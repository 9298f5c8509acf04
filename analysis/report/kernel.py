"""Find the project's Jupyter kernel and make sure it runs this environment's Python.

Reports must execute with the packages of this virtual environment, never with a kernel of the
same name installed by some other environment (a ``~/.local`` kernelspec would shadow ours). The
kernel is ``la-ice-protests``, installed by ``make venv`` into ``sys.prefix``; when it is missing,
:func:`ensure_kernel` installs it there, with the environment variables that make output
deterministic.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

KERNEL_NAME = "la-ice-protests"
KERNEL_DISPLAY_NAME = "Python (LA ICE protests)"

#: Environment for every report kernel: plotly figures as HTML that nbconvert keeps (the default
#: ``plotly_mimetype`` vanishes from HTML reports), matplotlib without a display, fixed hashing.
KERNEL_ENV = {
    "PLOTLY_RENDERER": "notebook",
    "MPLBACKEND": "Agg",
    "PYTHONHASHSEED": "0",
}


class KernelError(RuntimeError):
    """Raised when the project's kernel is missing or would run another Python."""


def python_in_prefix(argv0: str, prefix: str) -> bool:
    """Return whether the kernel command ``argv0`` is a Python inside ``prefix``.

    jupyter_client replaces a bare ``python`` with the running interpreter. The directory is
    resolved but not the file itself: a venv's ``bin/python`` is a symlink to the system Python.
    """
    if argv0 in {"python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}"}:
        return True
    path = Path(argv0)
    if not path.is_absolute():
        return False
    return path.parent.resolve().is_relative_to(Path(prefix).resolve())


def ensure_kernel(name: str = KERNEL_NAME, *, install: bool = True) -> str:
    """Check that kernel ``name`` resolves to this environment's Python; install it if missing.

    Parameters
    ----------
    name : str
        Kernelspec name.
    install : bool
        Install the kernelspec into ``sys.prefix`` when no kernel of that name exists.

    Returns
    -------
    str
        The kernelspec's resource directory.

    Raises
    ------
    KernelError
        If the kernel is missing (and ``install`` is false) or runs a Python outside
        ``sys.prefix``; the message says how to fix it.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    try:
        spec = manager.get_kernel_spec(name)
    except NoSuchKernel:
        if not install:
            raise KernelError(
                f"Jupyter kernel {name!r} is not installed in {sys.prefix}; run `make venv`"
            ) from None
        from ipykernel.kernelspec import install as install_kernelspec

        install_kernelspec(
            kernel_name=name,
            display_name=KERNEL_DISPLAY_NAME,
            prefix=sys.prefix,
            env=dict(KERNEL_ENV),
        )
        spec = KernelSpecManager().get_kernel_spec(name)
    argv0 = spec.argv[0] if spec.argv else ""
    if not python_in_prefix(argv0, sys.prefix):
        raise KernelError(
            f"Jupyter kernel {name!r} ({spec.resource_dir}) runs {argv0!r}, which is not inside "
            f"this environment ({sys.prefix}). Remove it with `jupyter kernelspec remove {name}` "
            "and run `make venv` to install the project's own kernel."
        )
    return str(spec.resource_dir)


@contextlib.contextmanager
def kernel_environment(extra: dict[str, str] | None = None) -> Iterator[None]:
    """Set :data:`KERNEL_ENV` (and ``extra``) in this process while kernels started inside
    inherit it."""
    wanted = KERNEL_ENV | (extra or {})
    saved = {key: os.environ.get(key) for key in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
