"""What the service benchmarks share: a throw-away data directory and database (PostgreSQL by
default, dropped afterwards; or SQLite in the data directory), and where their JSON goes."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_DEFAULT = os.environ.get("SAFEPOST_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")


def add_database_options(p) -> None:
    p.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    p.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL server URL without a database name")
    p.add_argument("--json", help="where the figures go (default: bench/results/<name>.json)")


@contextmanager
def service_database(database: str, pg: str, prefix: str):
    """Set the environment for Django on a fresh data directory and database; drop it afterwards."""
    os.environ.update(SAFEPOST_DATA_DIR=tempfile.mkdtemp(prefix=prefix), DJANGO_SETTINGS_MODULE="safepost.app.settings",
                      SAFEPOST_ALLOWED_HOSTS="testserver,127.0.0.1", SAFEPOST_SECURE_COOKIES="False")
    os.environ.pop("DATABASE_URL", None)
    pg_db = None
    if database == "postgres":
        import psycopg

        pg_db = f"safepost_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(pg + "/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_db}"')
        os.environ["DATABASE_URL"] = f"{pg}/{pg_db}"
    try:
        yield
    finally:
        if pg_db:
            import psycopg
            from django.db import connections

            connections.close_all()
            with psycopg.connect(pg + "/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')


def write_result(result: dict, name: str, path: str | None) -> int:
    """Print the figures, keep them as JSON, and exit 0 only when the benchmark's goal was met."""
    print(json.dumps(result, indent=2))
    target = Path(path) if path else ROOT / "bench" / "results" / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2))
    return 0 if result["passed"] else 1
