"""Statuses are named by their TextChoices (`Workshop.Status.PUBLISHED`), not spelt out."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ["bench", "news", "participants", "portal", "recommendations", "reports", "workshops"]


def _spelt_out_published():
    """ "file:line" of each "published" string outside migrations, tests and the choices' own
    definitions (PUBLISHED = "published", "Published")."""
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or "tests" in relative.parts:
                continue
            tree = ast.parse(path.read_text())
            definitions = {
                id(constant)
                for node in ast.walk(tree)
                if isinstance(node, ast.Assign)
                and any(getattr(target, "id", "") == "PUBLISHED" for target in node.targets)
                for constant in ast.walk(node.value)
            }
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and node.value == "published"
                    and id(node) not in definitions
                ):
                    yield f"{relative}:{node.lineno}"


def test_published_status_is_named_by_its_choice_not_spelt_out():
    assert list(_spelt_out_published()) == []
