"""Problem dataclass, and the promise that rules/ stays pure (no Django, no I/O)."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import selenggara.rules as rules_pkg
from selenggara.rules.problem import (
    ERROR,
    WARNING,
    Problem,
    errors,
    gettext_noop,
    has_errors,
    warnings,
)

RULES_DIR = Path(rules_pkg.__file__).parent
FORBIDDEN_MODULES = {"django", "os", "io", "pathlib", "socket", "sqlite3", "subprocess", "shutil"}
FORBIDDEN_CALLS = {"open", "print", "input", "exec", "eval"}


def test_problem_text_and_severity() -> None:
    p = Problem("nik", "nik_panjang", gettext_noop("NIK %(panjang)s karakter."), {"panjang": 15})
    assert p.text() == "NIK 15 karakter."
    assert p.severity == ERROR and p.is_error
    w = Problem("nik", "x", "m", {}, WARNING)
    assert not w.is_error
    assert errors([p, w]) == [p] and warnings([p, w]) == [w]
    assert has_errors([p, w]) and not has_errors([w])
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.code = "lain"  # type: ignore[misc]
    with pytest.raises(ValueError):
        Problem("nik", "x", "m", {}, "fatal")
    assert hash(p) == hash(Problem("nik", "nik_panjang", p.message, {"panjang": 99}))


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_rules_module_is_pure(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            names = []
        for n in names:
            assert n.split(".")[0] not in FORBIDDEN_MODULES, f"{path.name} imports {n}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{path.name} calls {node.func.id}()"


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_problem_messages_are_marked_for_translation(path: Path) -> None:
    """Every literal passed as a Problem message must be inside gettext_noop(...)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem":
            msg = node.args[2] if len(node.args) > 2 else None
            for kw in node.keywords:
                if kw.arg == "message":
                    msg = kw.value
            assert msg is not None
            assert not isinstance(msg, ast.Constant | ast.JoinedStr | ast.BinOp), (
                f"{path.name}:{node.lineno}: wrap the message in gettext_noop()"
            )
