"""The apps' layers: every import runs downwards (README, Layout).

core at the bottom imports nothing of the project; workshops builds on core; participants and
recommendations on workshops; news and reports on those; portal and api, at the top, on all of
them (beside each other: neither imports the other).
An app never imports one beside it or above it, so there is no import loop between apps. Tests
are left out: a test may build records of any app.
"""

import ast
import configparser
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = {
    "core": 0,
    "workshops": 1,
    "participants": 2,
    "recommendations": 2,
    "news": 3,
    "reports": 3,
    "portal": 4,
    "api": 4,
}
# workshops may read its children's models, only inside the QuerySet methods that fetch a
# workshop with its children, each such import with a comment saying why.
READS_CHILDREN = {"workshops": {"participants.models", "recommendations.models"}}

BASE_DIR = Path(settings.BASE_DIR)


def app_modules(app):
    for path in sorted((BASE_DIR / app).rglob("*.py")):
        if "tests" not in path.relative_to(BASE_DIR).parts:
            yield path


def project_imports(path):
    """(line, imported module, the enclosing class and function or None) of each import of a
    project app in `path`."""
    tree = ast.parse(path.read_text(), str(path))
    found = []

    def visit(node, inside):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, (*inside, child))
                continue
            modules = []
            if isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                modules = [child.module]
            elif isinstance(child, ast.Import):
                modules = [alias.name for alias in child.names]
            for module in modules:
                if module.split(".")[0] in LAYERS:
                    found.append((child.lineno, module, inside))
            visit(child, inside)

    visit(tree, ())
    return found


def is_allowed(app, module, inside, path, line):
    imported = module.split(".")[0]
    if imported == app or LAYERS[imported] < LAYERS[app]:
        return True
    if module not in READS_CHILDREN.get(app, set()):
        return False
    in_queryset_method = (
        len(inside) == 2
        and isinstance(inside[0], ast.ClassDef)
        and inside[0].name.endswith("QuerySet")
    )
    source = path.read_text().splitlines()
    commented = "#" in source[line - 1] or source[line - 2].strip().startswith("#")
    return in_queryset_method and commented


def upward_imports():
    wrong = []
    for app in LAYERS:
        for path in app_modules(app):
            for line, module, inside in project_imports(path):
                if not is_allowed(app, module, inside, path, line):
                    wrong.append(f"{path.relative_to(BASE_DIR)}:{line} imports {module}")
    return wrong


def test_every_import_between_apps_runs_downwards():
    assert upward_imports() == []


def test_no_import_loop_between_apps_at_module_level():
    edges = {app: set() for app in LAYERS}
    for app in LAYERS:
        for path in app_modules(app):
            for _line, module, inside in project_imports(path):
                if not inside and module.split(".")[0] != app:
                    edges[app].add(module.split(".")[0])

    def reaches(start, goal, seen=()):
        return any(
            target == goal or (target not in seen and reaches(target, goal, (*seen, target)))
            for target in edges[start]
        )

    assert [app for app in LAYERS if reaches(app, app)] == []


def test_the_walk_finds_an_upward_import(tmp_path, monkeypatch):
    """The check above is not vacuous: a workshops module importing news is reported."""
    (tmp_path / "workshops").mkdir()
    (tmp_path / "workshops" / "views.py").write_text("from news.models import Post\n")
    (tmp_path / "workshops" / "models.py").write_text(
        textwrap.dedent(
            """
            class WorkshopQuerySet:
                def for_page(self):
                    # allowed: a QuerySet method reading the workshop's children, commented
                    from participants.models import Participation

                def other(self):
                    from recommendations.models import Recommendation
            """
        )
    )
    monkeypatch.setattr(sys.modules[__name__], "BASE_DIR", tmp_path)
    assert upward_imports() == [
        "workshops/models.py:8 imports recommendations.models",
        "workshops/views.py:1 imports news.models",
    ]


# Importing an app with only itself and what it may build on installed: no module of the
# project outside those is loaded. Run in a new interpreter, as `python -c` would.
IMPORT_CHECK = """
import pkgutil, importlib, sys
import django
django.setup()
for app in {apps!r}:
    package = importlib.import_module(app)
    for module in pkgutil.walk_packages(package.__path__, app + "."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)
loaded = sorted({{name.split(".")[0] for name in sys.modules}} & {project!r})
print(",".join(loaded))
"""
SETTINGS = """
from sesn_portal.settings import *  # noqa: F403
PROJECT_APPS = {project!r}
INSTALLED_APPS = [a for a in INSTALLED_APPS if a not in PROJECT_APPS or a in {apps!r}]  # noqa: F405
"""


def loaded_with_only(apps, tmp_path):
    project = set(LAYERS)
    (tmp_path / "only_these_apps.py").write_text(SETTINGS.format(project=project, apps=apps))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "only_these_apps",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(BASE_DIR)]),
    }
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_CHECK.format(apps=apps, project=project)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return set(result.stdout.strip().splitlines()[-1].split(","))


def test_importing_core_imports_nothing_else_of_the_project(tmp_path):
    assert loaded_with_only(["core"], tmp_path) == {"core"}


@pytest.mark.parametrize(
    ("app", "builds_on"),
    [
        ("workshops", ["core"]),
        ("participants", ["core", "workshops"]),
        ("recommendations", ["core", "workshops"]),
        ("news", ["core", "workshops", "participants", "recommendations"]),
        ("reports", ["core", "workshops", "participants", "recommendations"]),
        ("api", ["core", "workshops", "participants", "recommendations", "news"]),
    ],
)
def test_importing_an_app_imports_only_what_it_builds_on(tmp_path, app, builds_on):
    assert loaded_with_only([*builds_on, app], tmp_path) == {*builds_on, app}


def test_every_apps_tests_are_collected():
    """An app's tests run only if pytest.ini's testpaths names the app."""
    config = configparser.ConfigParser()
    config.read(BASE_DIR / "pytest.ini")
    testpaths = set(config["pytest"]["testpaths"].split())
    assert set(LAYERS) - testpaths == set()
