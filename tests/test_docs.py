"""README is the manual: every DATELINE_* setting the code reads is documented there."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def settings_in_code() -> set[str]:
    names = set()
    for path in [*(ROOT / "src").rglob("*.py"), ROOT / "Makefile", ROOT / ".ci" / "run"]:
        if "tests" in path.parts:
            continue
        names |= set(re.findall(r"\bDATELINE_[A-Z0-9_]+\b", path.read_text(encoding="utf-8")))
    return names


def test_every_setting_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(DATELINE_[A-Z0-9_]+)", readme))
    missing = settings_in_code() - documented
    assert not missing, f"README does not document: {sorted(missing)}"
    assert len(settings_in_code()) > 10


def test_readme_starts_with_the_two_commands():
    first_screen = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:25])
    assert "make run" in first_screen
    assert "make test" in first_screen
