"""requirements.lock: every package ``make venv`` installs, pinned with its hashes (issue 19).

pyproject.toml asks for ranges; the lock holds the exact versions (and the sha256 of every file)
that satisfy them, so that every machine installs the same libraries and two builds of a report
give the same bytes. A change to pyproject.toml that the lock does not satisfy fails here until
``make lock`` is run.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from analysis.paths import PROJECT_ROOT

LOCK = PROJECT_ROOT / "requirements.lock"
TOOLS = PROJECT_ROOT / "requirements-tools.in"
PYPROJECT = PROJECT_ROOT / "pyproject.toml"
#: The extras ``make venv`` installs besides the project's own dependencies.
EXTRAS = ("test", "bench")

#: One locked package: ``name==version`` and an optional ``; marker`` (a universal lock).
_PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)(?:\s*;\s*(?P<marker>.+?))?\s*\\?$"
)
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def _environment(**values: str) -> dict[str, str]:
    return {**default_environment(), **values}


_LINUX = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"}
#: The machines the lock must install on: this one, CI's and a developer's.
TARGETS: dict[str, dict[str, str]] = {
    "this interpreter": _environment(),
    "Linux x86_64, Python 3.11.2 (Debian 12)": _environment(
        **_LINUX, platform_machine="x86_64", python_version="3.11", python_full_version="3.11.2"
    ),
    "Linux x86_64, Python 3.11.14 (CI)": _environment(
        **_LINUX, platform_machine="x86_64", python_version="3.11", python_full_version="3.11.14"
    ),
    "macOS arm64, Python 3.12.8": _environment(
        sys_platform="darwin",
        platform_system="Darwin",
        os_name="posix",
        platform_machine="arm64",
        python_version="3.12",
        python_full_version="3.12.8",
    ),
}


class Pin:
    """One entry of the lock: a name, an exact version, the marker it applies under, hashes."""

    def __init__(self, name: str, version: str, marker: str | None, hashes: int) -> None:
        self.name = canonicalize_name(name)
        self.version = Version(version)
        self.marker = Marker(marker) if marker else None
        self.hashes = hashes

    def applies(self, environment: Mapping[str, str]) -> bool:
        """Whether this entry is installed in ``environment``."""
        return self.marker is None or self.marker.evaluate(dict(environment))


def read_lock(text: str) -> list[Pin]:
    """The entries of a lock file written by ``uv pip compile --generate-hashes``."""
    pins: list[Pin] = []
    for line in text.splitlines():
        if not line or line[0] in "# \t":
            if pins and line.lstrip().startswith("--hash="):
                pins[-1].hashes += len(_HASH.findall(line))
            continue
        found = _PIN.match(line)
        if found is None:
            raise ValueError(f"not an exact pin: {line!r}")
        pins.append(Pin(found["name"], found["version"], found["marker"], 0))
    return pins


def locked_version(
    pins: Iterable[Pin], name: str, environment: Mapping[str, str]
) -> Version | None:
    """The version of ``name`` the lock installs in ``environment`` (``None``: not locked)."""
    versions = {
        p.version for p in pins if p.name == canonicalize_name(name) and p.applies(environment)
    }
    if len(versions) > 1:
        raise ValueError(
            f"{name} is locked at {len(versions)} versions at once: {sorted(versions)}"
        )
    return versions.pop() if versions else None


def unsatisfied(
    requirements: Iterable[str], pins: list[Pin], environment: Mapping[str, str]
) -> list[str]:
    """The requirements the lock does not satisfy in ``environment``, each with the reason."""
    problems = []
    for text in requirements:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate(dict(environment)):
            continue  # not needed on that machine
        version = locked_version(pins, requirement.name, environment)
        if version is None:
            problems.append(f"{text}: not in the lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{text}: the lock has {version}")
    return problems


def project_requirements(pyproject: Path = PYPROJECT) -> list[str]:
    """What ``make venv`` asks for: dependencies, the test and bench extras, the build backend."""
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    project = config["project"]
    wanted = list(project["dependencies"])
    for extra in EXTRAS:
        wanted += project["optional-dependencies"][extra]
    return wanted + list(config["build-system"]["requires"])


def tool_requirements() -> list[str]:
    lines = TOOLS.read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


@pytest.fixture(scope="module")
def pins() -> list[Pin]:
    return read_lock(LOCK.read_text(encoding="utf-8"))


@pytest.mark.parametrize("target", TARGETS)
def test_the_lock_satisfies_everything_pyproject_asks_for(pins, target):
    problems = unsatisfied(project_requirements() + tool_requirements(), pins, TARGETS[target])
    assert not problems, (
        f"requirements.lock does not satisfy pyproject.toml on {target}: {'; '.join(problems)}. "
        "Run `make lock` and commit requirements.lock."
    )


def test_a_requirement_the_lock_does_not_satisfy_is_caught(pins):
    here = TARGETS["this interpreter"]
    pandas = locked_version(pins, "pandas", here)
    assert pandas is not None and pandas.major == 3
    assert unsatisfied(["pandas>=3.0", "matplotlib>=3.10,<3.12"], pins, here) == []
    assert unsatisfied([f"pandas>{pandas}"], pins, here) == [
        f"pandas>{pandas}: the lock has {pandas}"
    ]
    assert unsatisfied(["matplotlib<3.0"], pins, here)[0].startswith("matplotlib<3.0: the lock has")
    assert unsatisfied(["not-a-locked-package>=1"], pins, here) == [
        "not-a-locked-package>=1: not in the lock"
    ]
    assert (
        unsatisfied(
            ["pywin32>=300; sys_platform == 'win32'"],
            pins,
            TARGETS["Linux x86_64, Python 3.11.14 (CI)"],
        )
        == []
    )  # not needed there


def test_the_same_check_fails_on_a_pyproject_asking_for_more(pins, tmp_path):
    changed = PYPROJECT.read_text(encoding="utf-8").replace('"plotly>=6.1"', '"plotly>=99"')
    assert '"plotly>=99"' in changed
    (tmp_path / "pyproject.toml").write_text(changed, encoding="utf-8")
    problems = unsatisfied(project_requirements(tmp_path / "pyproject.toml"), pins, _environment())
    assert len(problems) == 1 and problems[0].startswith("plotly>=99: the lock has ")


def test_every_entry_is_an_exact_pin_with_hashes(pins):
    assert len(pins) > 100
    assert all(p.hashes >= 1 for p in pins), [p.name for p in pins if not p.hashes]
    with pytest.raises(ValueError, match="not an exact pin"):
        read_lock("pandas>=3.0 \\\n    --hash=sha256:" + "0" * 64 + "\n")


def test_the_tools_are_locked_too(pins):
    here = TARGETS["this interpreter"]
    for name in ("pip", "setuptools", "uv"):
        assert locked_version(pins, name, here) is not None, name
    assert all(re.fullmatch(r"[a-z-]+==[0-9.]+", r) for r in tool_requirements())


def test_this_environment_is_the_locked_one(pins):
    """The tests run in what ``make venv`` installed from the lock, not in a stale .venv."""
    here = TARGETS["this interpreter"]
    wrong = []
    for pin in pins:
        if not pin.applies(here):
            continue
        try:
            installed = Version(metadata.version(pin.name))
        except metadata.PackageNotFoundError:
            wrong.append(f"{pin.name} is not installed")
            continue
        if installed != pin.version:
            wrong.append(f"{pin.name} {installed} installed, {pin.version} locked")
    assert not wrong, "; ".join(wrong) + ": run `make venv`"


def test_make_venv_installs_the_lock_with_hash_checking():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    stamp = re.search(r"^\$\(STAMP\):(.*)$", makefile, re.MULTILINE)
    assert stamp and "$(LOCK)" in stamp.group(1) and "pyproject.toml" in stamp.group(1)
    assert "LOCK := requirements.lock" in makefile
    assert "--require-hashes" in makefile and "-r $(LOCK)" in makefile
    assert "--no-deps --no-build-isolation" in makefile  # the project itself adds nothing
    assert re.search(r"^lock:.*## ", makefile, re.MULTILINE)
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make lock" in readme and "requirements.lock" in readme
