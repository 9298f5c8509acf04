"""A killed runner leaves no process behind and publishes nothing after (issue 12, case 4).

Before: after ``kill -9`` of the runner, its pool workers went on, published the reports they
were running and the next ones (3 of 3 here) without holding the lock, then waited forever.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from report_fixtures import make_tiny_project

from analysis.paths import PROJECT_ROOT
from analysis.report import folders

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")

#: Three reports whose notebook sleeps long enough to be killed in the middle.
SLEEPERS = "".join(
    f"  sleeper{i}:\n    notebook: 0-tiny.ipynb\n    parameters:\n      sleep: 120\n"
    + "".join(f"      {f}_path: data/{f}.csv\n" for f in ("events", "sources", "places"))
    for i in range(1, 4)
)


def processes_with(token: str) -> list[int]:
    """Living processes (zombies excluded) whose environment holds ``token``: a run's tree.

    The environment is inherited by every descendant (pool workers, the resource tracker, the
    kernels), and stays readable after a process is re-parented, unlike its parent's id.
    """
    found = []
    needle = token.encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes():
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue  # gone meanwhile, or not ours
        if state != "Z":
            found.append(int(entry.name))
    return found


def wait_for(condition, seconds: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting after {seconds:.0f} s for {what}")
        time.sleep(0.2)


@pytest.mark.slow
def test_killing_the_runner_kills_its_workers_and_kernels_and_nothing_is_published(tmp_path):
    catalogue = make_tiny_project(tmp_path / "project", SLEEPERS)
    reports = tmp_path / "reports"
    token = f"LA_PROTESTS_TEST_RUN={uuid.uuid4().hex}"
    name, value = token.split("=")
    options = ["--catalogue", str(catalogue), "--reports-dir", str(reports), "-j", "2"]
    runner = subprocess.Popen(
        [sys.executable, "-m", "analysis", "report", "sleeper1", "sleeper2", "sleeper3", *options],
        cwd=PROJECT_ROOT,
        env={**os.environ, name: value},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Both workers are inside their sleeping cell once their "charts" are written.
        wait_for(
            lambda: len(list(reports.glob(".sleeper*.tmp/charts/chart.txt"))) == 2,
            300,
            "two reports to reach their sleeping cell",
        )
        assert len(processes_with(token)) >= 5  # runner, 2 workers, 2 kernels (+ tracker)
        runner.send_signal(signal.SIGKILL)
        runner.wait()
        wait_for(lambda: not processes_with(token), 60, "every process of the killed run to end")
    finally:
        for pid in processes_with(token):  # never leave a stray process behind
            os.kill(pid, signal.SIGKILL)
        if runner.poll() is None:
            runner.kill()
    published = sorted(p.name for p in reports.iterdir() if not p.name.startswith("."))
    assert published == []  # no report, no index: nothing was published after the kill
    leftovers = sorted(p for p in reports.iterdir() if p.name.endswith(".tmp"))
    assert len(leftovers) == 2 and all(folders.is_run_dir(p) for p in leftovers)
    with folders.locked(reports):  # the next run can start, and will remove the leftovers
        assert folders.remove_leftovers(reports) == leftovers


def test_a_worker_whose_parent_is_already_gone_exits_at_once():
    """The pool initializer checks the parent it was given: a late start does not survive."""
    code = (
        "import os; from analysis.report.lifeline import die_with_parent\n"
        "die_with_parent(os.getppid() + 1_000_000)\n"
        "print('survived')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1 and "survived" not in result.stdout
