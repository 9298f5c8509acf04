"""Tie the runner's worker processes to its life: when the runner dies, its workers die too.

A worker of the runner's process pool executes reports and publishes them. If the runner is
killed (``kill -9``, an out-of-memory kill), the pool's own shutdown never runs: its workers
would go on publishing reports without holding the lock, while a new run may start, and then
wait forever for work. :func:`die_with_parent`, the pool's initializer, asks Linux to kill the
worker the moment its parent dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``); elsewhere a watchdog
thread polls the parent. The notebook kernels a worker starts are its children: ipykernel
polls its parent (``JPY_PARENT_PID``, set by jupyter_client) and exits within a second of the
worker's death, so no process of a killed run survives it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

#: ``PR_SET_PDEATHSIG`` from ``<linux/prctl.h>``.
PR_SET_PDEATHSIG = 1
#: Seconds between two looks at the parent where ``prctl`` is not available.
WATCHDOG_INTERVAL = 0.5


def _parent_death_signal() -> bool:
    """Ask Linux for SIGKILL when the parent dies; return whether that worked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(WATCHDOG_INTERVAL)
    os._exit(1)


def die_with_parent(parent_pid: int) -> None:
    """Make this process end when process ``parent_pid``, its parent, ends.

    Meant as a process pool's ``initializer`` (with ``initargs=(os.getpid(),)``). If the parent
    is already gone when this runs, the process exits at once.
    """
    if not _parent_death_signal():
        threading.Thread(target=_watch, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)
