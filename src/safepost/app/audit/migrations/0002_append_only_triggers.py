"""The database itself refuses to change or remove audit entries (HIPAA 164.312(b), (c)).

SQLite: BEFORE UPDATE / BEFORE DELETE triggers that abort.
PostgreSQL: one function raising an exception, fired BEFORE UPDATE OR DELETE for each row and
BEFORE TRUNCATE. Only someone who can drop the trigger (the table owner) can bypass it; in
production the application's database role should not own the table.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE refused'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete",
]
PG_UP = [
    """CREATE OR REPLACE FUNCTION safepost_audit_append_only() RETURNS trigger AS $$
       BEGIN
         RAISE EXCEPTION 'audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
       END;
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_auditentry_no_change BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION safepost_audit_append_only()""",
    """CREATE TRIGGER audit_auditentry_no_truncate BEFORE TRUNCATE ON audit_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION safepost_audit_append_only()""",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_change ON audit_auditentry",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry",
    "DROP FUNCTION IF EXISTS safepost_audit_append_only()",
]


def up(apps, schema_editor):
    statements = {"sqlite": SQLITE_UP, "postgresql": PG_UP}.get(schema_editor.connection.vendor)
    if statements is None:
        raise RuntimeError(f"no append-only triggers for {schema_editor.connection.vendor}")
    for sql in statements:
        schema_editor.execute(sql, params=None)


def down(apps, schema_editor):
    for sql in {"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}[schema_editor.connection.vendor]:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
