"""The lint rules ruff.toml sets, checked on small snippets with the pinned ruff.

A rule dropped from ruff.toml (or a limit raised) makes one of these fail; the last test keeps
the repository itself clean under them.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def ruff_codes(source, *, filename="workshops/example.py"):
    """The rule codes ruff reports for `source`, linted as if it were `filename` in the repo."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--config",
            str(ROOT / "ruff.toml"),
            "--no-cache",
            "--output-format",
            "concise",
            "--stdin-filename",
            filename,
            "-",
        ],
        input=source,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    return {line.split(" ")[1] for line in result.stdout.splitlines() if ".py:" in line}


@pytest.mark.parametrize(
    "statement",
    [
        "import weasyprint",
        "from openpyxl import load_workbook",
        "from fontTools.ttLib import TTFont",
    ],
)
def test_lint_slow_import_at_module_level_is_refused(statement):
    source = f"{statement}\n\nprint({statement.split()[-1]})\n"

    codes = ruff_codes(source)

    assert "TID253" in codes


def test_lint_slow_import_inside_function_is_accepted():
    source = "def render():\n    import weasyprint\n\n    return weasyprint\n"

    codes = ruff_codes(source)

    assert codes == set()


def test_lint_import_inside_function_without_reason_is_refused():
    source = "def today():\n    import datetime\n\n    return datetime.date.today()\n"

    codes = ruff_codes(source)

    assert codes == {"PLC0415"}


def test_lint_import_inside_test_function_is_accepted():
    source = "def test_today():\n    import datetime\n\n    assert datetime.date.today()\n"

    codes = ruff_codes(source, filename="workshops/tests/test_example.py")

    assert codes == set()


def test_lint_unused_noqa_is_refused():
    source = "VALUE = 1  # noqa: E501\n"

    codes = ruff_codes(source)

    assert codes == {"RUF100"}


def branchy_function(branches):
    lines = ["def pick(value):"]
    lines += [f"    if value == {n}:\n        return {n}" for n in range(branches)]
    lines.append("    return None\n")
    return "\n".join(lines)


def test_lint_function_above_complexity_limit_is_refused():
    codes = ruff_codes(branchy_function(12))  # complexity 13

    assert codes == {"C901"}


def test_lint_function_at_complexity_limit_is_accepted():
    codes = ruff_codes(branchy_function(11))  # complexity 12

    assert codes == set()


def test_lint_repository_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
