"""The pre-commit hooks run the linters at the versions the project pins: a commit checked
by the hook and the tree checked by ``make lint`` cannot disagree about a rule."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        name, _, version = line.partition("==")
        pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_the_hooks_use_the_locked_ruff():
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    hooked = set(re.findall(r'"ruff==([^"]+)"', config))
    assert hooked == {_pins()["ruff"]}
