"""The layering rules of design.md, checked on the source: rules.py is pure, views only speak
HTTP (no ORM writes), the engine does not import Django."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "safepost"
APP = SRC / "app"
WRITE_METHODS = {"save", "create", "update", "delete", "bulk_create", "bulk_update", "get_or_create",
                 "update_or_create"}


def imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


@pytest.mark.parametrize("path", sorted(APP.rglob("rules.py")), ids=lambda p: str(p.relative_to(APP)))
def test_rules_modules_do_not_import_django(path):
    assert not [m for m in imports(path) if m.split(".")[0] == "django" or ".models" in m or ".services" in m]


def test_the_engine_does_not_import_django():
    offenders = [str(p) for p in (SRC / "engine").rglob("*.py") if any(m.split(".")[0] == "django" for m in imports(p))]
    assert offenders == []


def _is_router(node: ast.expr) -> bool:
    """``@router.delete(...)`` declares an HTTP DELETE route; it writes nothing."""
    return isinstance(node, ast.Name) and node.id == "router"


@pytest.mark.parametrize("path", sorted(list(APP.rglob("views.py")) + list(APP.rglob("api.py"))),
                         ids=lambda p: str(p.relative_to(APP)))
def test_views_do_not_write_to_the_database(path):
    calls = [n.func.attr for n in ast.walk(ast.parse(path.read_text()))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in WRITE_METHODS
             and not _is_router(n.func.value)]
    assert calls == [], f"{path.name} writes through the ORM; move it into a service"
