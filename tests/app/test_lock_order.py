"""No row lock takes an organization's row (src/safepost/app/DEVELOPING.md, "Never row-lock an
organization"). `record()` holds the audit chain's lock while it inserts a row that references the
organization; a transaction holding `FOR UPDATE` on that row and waiting for the chain lock
deadlocks with it on PostgreSQL (CI stop 26: the SLA job against `apikey create`).

`select_for_update()` followed by `select_related(...)` locks every joined row unless `of=` names
the tables to lock, so every such call must say `of=`, and `of=` must never name an organization."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "src" / "safepost" / "app"


def _chain(call: ast.Call) -> list[ast.Call]:
    """The calls of a method chain `a.b(...).c(...).d(...)`, outermost first."""
    calls = []
    node: ast.AST = call
    while isinstance(node, (ast.Call, ast.Attribute)):
        if isinstance(node, ast.Call):
            calls.append(node)
            node = node.func
        else:
            node = node.value
    return calls


def _name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else ""


def lock_problems(source: str) -> list[str]:
    problems = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _name(node) in ("select_for_update", "select_related"):
            continue
        calls = _chain(node)
        locks = [c for c in calls if _name(c) == "select_for_update"]
        joins = [c for c in calls if _name(c) == "select_related"]
        if not locks or not joins:
            continue
        of = next((k.value for k in locks[0].keywords if k.arg == "of"), None)
        if of is None:
            problems.append(f"line {node.lineno}: select_for_update() with select_related() locks the joined rows; say of=")
            continue
        named = [e.value for e in getattr(of, "elts", []) if isinstance(e, ast.Constant)]
        if any(n == "org" or n.endswith("__org") for n in named):
            problems.append(f"line {node.lineno}: of= locks an organization's row")
    return problems


@pytest.mark.parametrize("source, expected", [
    ('Item.objects.select_for_update().select_related("org").get(pk=1)', 1),
    ('Item.objects.select_for_update(of=("self",)).select_related("org").get(pk=1)', 0),
    ('A.objects.select_for_update(of=("self", "incident__org")).select_related("incident__org").get(pk=1)', 1),
    ('Item.objects.select_for_update().get(pk=1)', 0),
    ('Item.objects.select_related("org").get(pk=1)', 0),
])
def test_the_check_tells_a_lock_on_joined_rows(source, expected):
    assert len(lock_problems(source)) == expected


@pytest.mark.parametrize("path", sorted(APP.rglob("*.py")), ids=lambda p: str(p.relative_to(APP)))
def test_no_row_lock_takes_an_organization(path):
    assert lock_problems(path.read_text(encoding="utf-8")) == []
