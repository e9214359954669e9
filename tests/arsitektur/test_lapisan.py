"""The shape of the house, as tests: layers, the scope helper's coverage, who writes what.

These read the source (import-linter, the AST) or the model registry; they need no database.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "selenggara"


def _lint_imports(cwd: Path, config: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(exe), "--config", str(config), "--no-cache"], cwd=cwd,
                          capture_output=True, text=True,
                          env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"})


def test_layers_hold():
    r = _lint_imports(ROOT / "src", ROOT / "pyproject.toml")
    assert r.returncode == 0, r.stdout + r.stderr


def test_an_upward_import_breaks_the_layers(tmp_path):
    """A copy of the package with one import that runs back up (rules -> portal) fails."""
    copy = tmp_path / "selenggara"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("data", "static", "templates",
                                                             "locale", "__pycache__"))
    (copy / "rules" / "_naik.py").write_text("import selenggara.portal.views  # noqa\n")
    r = _lint_imports(tmp_path, ROOT / "pyproject.toml")
    assert r.returncode != 0
    assert "selenggara.rules._naik -> selenggara.portal.views" in r.stdout
    assert "BROKEN" in r.stdout


def test_rules_may_not_import_django(tmp_path):
    copy = tmp_path / "selenggara"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("data", "static", "templates",
                                                             "locale", "__pycache__"))
    (copy / "rules" / "_django.py").write_text("from django.db import models  # noqa\n")
    r = _lint_imports(tmp_path, ROOT / "pyproject.toml")
    assert r.returncode != 0 and "rules/ is plain Python" in r.stdout


# -- writes to the register and the officers go through their app's services --------------------
WRITES = {"create", "bulk_create", "update", "bulk_update", "update_or_create", "get_or_create",
          "delete", "save", "raw"}
GUARDED = {
    # model name -> modules (relative to src/selenggara) allowed to write it
    "Pemilih": {"pemilih/services.py"},
    "PindahTPS": {"pemilih/services.py"},
    "Petugas": {"petugas/services.py"},
    "User": {"petugas/services.py"},
}


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    if isinstance(node, ast.Name):
        return node.id
    return None


def _source_files():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if "/migrations/" in rel:
            continue
        yield rel, ast.parse(path.read_text(), filename=rel)


def test_no_orm_write_to_voters_officers_or_accounts_outside_their_services():
    found = []
    for rel, tree in _source_files():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in WRITES:
                continue
            chain = node.func.value
            # Model.objects.<write>(...) or Model.objects.filter(...).<write>(...)
            text = ast.unparse(chain)
            root = _root_name(chain)
            if root in GUARDED and ".objects" in f".{text}" and rel not in GUARDED[root]:
                found.append(f"{rel}:{node.lineno}: {ast.unparse(node)[:90]}")
            if root in ("get_user_model",) and rel not in GUARDED["User"]:
                found.append(f"{rel}:{node.lineno}: {ast.unparse(node)[:90]}")
    assert not found, "ORM writes outside the owning service:\n" + "\n".join(found)


# -- page and API modules read through the scope helper ------------------------------------------
PAGE_MODULES = ("views", "api")
HELPERS = {"scoped", "unscoped", "get_scoped_or_404"}


def _is_page_module(rel: str) -> bool:
    parts = rel.removesuffix(".py").split("/")
    return any(p in PAGE_MODULES or p.startswith("views") for p in parts[1:])


def test_pages_and_apis_read_models_through_the_scope_helper():
    """``Model.objects`` in a view or API module must sit inside ``scoped()``,
    ``get_scoped_or_404()`` or ``unscoped(..., reason)``: a read that skips the helper is either
    a leak or a deliberate exception, and a deliberate one must say so."""
    found = []
    for rel, tree in _source_files():
        if not _is_page_module(rel):
            continue
        parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and node.attr == "objects"):
                continue
            inside = False
            child, parent = node, parents.get(node)
            while parent is not None:
                if (isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name)
                        and parent.func.id in HELPERS and parent.args and child is parent.args[0]):
                    inside = True
                    break
                child, parent = parent, parents.get(parent)
            if not inside:
                found.append(f"{rel}:{node.lineno}: {ast.unparse(node)}")
    assert not found, "reads that skip the scope helper:\n" + "\n".join(found)


# -- every model with area or voter data has a scope rule ----------------------------------------
# Models deliberately without a rule, and why. Anything else that names an area, a TPS, a voter
# or an officer must have one (the idea of Arlo's check_query_scope.py).
TANPA_ATURAN = {
    "audit.AuditHead": "one row, the end of the audit chain; no area",
    "demo.KebenaranDemo": "the demo's hidden truth: read by the simulation and tests only",
}
AREA_MODELS = {"wilayah.Wilayah", "wilayah.TPS", "pemilih.Pemilih", "petugas.Petugas",
               "pemilihan.Pemilihan", "auth.User"}


@pytest.mark.django_db(databases=[])
def test_every_model_with_area_or_voter_data_has_a_scope_rule():
    from django.apps import apps

    from selenggara.web.scope import has_rule

    missing = []
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("selenggara.") and label != "auth.User":
            continue
        related = {f.related_model._meta.label for f in model._meta.get_fields()
                   if f.is_relation and f.concrete and f.related_model is not None}
        holds = label in AREA_MODELS or related & AREA_MODELS
        if holds and not has_rule(model) and label not in TANPA_ATURAN:
            missing.append(f"{label} (names {', '.join(sorted(related & AREA_MODELS))})")
    assert not missing, ("models with area or voter data but no scope rule; register one in "
                         "the app's scope_rules.py or explain in TANPA_ATURAN:\n"
                         + "\n".join(missing))
    for label in TANPA_ATURAN:
        assert apps.get_model(label) is not None
