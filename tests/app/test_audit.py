"""The audit log: append-only in the database, hash-chained per organization, PHI-free,
verifiable from the command line, viewable and exportable by privacy officers and auditors."""

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction

from safepost.app.audit import rules
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who, fingerprint, record, verify
from safepost.cli import main


def entry(people, action="post.approve", org=None, **meta):
    return record(Who.user(people["pat"], org or people.acme, "203.0.113.9"), action, ("post", 7), meta)


def test_it_chains_entries_per_organization(people):
    before = AuditEntry.objects.filter(org=people.acme).count()
    a1, a2 = entry(people), entry(people)
    o1 = entry(people, org=people.other)
    assert (a1.seq, a2.seq) == (before + 1, before + 2)
    assert a2.prev_hash == a1.hash
    assert o1.chain == f"org:{people.other.pk}" and o1.chain != a1.chain
    assert all(r.broken is None for r in verify())


def test_it_records_who_what_when_where_and_on_what(people):
    e = entry(people, verdict="BLOCK", labels=["SSN", "NAME"])
    assert (e.actor, e.actor_id, e.action, e.object_type, e.object_id, e.ip) == (
        "pat@acme.test", people["pat"].pk, "post.approve", "post", "7", "203.0.113.9")
    assert e.created is not None and e.meta == {"verdict": "BLOCK", "labels": ["SSN", "NAME"]}


@pytest.mark.parametrize("meta", [
    {"text": "Maria Lopez had her hip replaced on March 3 and is doing great, call her at 555-201-3344 " * 2},
    {"text": "line one\nline two"},
    {"Bad Key": 1},
    {"nested": {"a": 1}},
    {"score": 0.5},
])
def test_it_refuses_meta_that_could_carry_text(people, meta):
    with pytest.raises(rules.AuditValueError) as e:
        entry(people, **meta)
    assert "Maria" not in str(e.value)   # the refusal does not repeat the value either


def test_it_refuses_malformed_actions(people):
    with pytest.raises(rules.AuditValueError):
        record(Who.cli(people.acme), "Approve Post!")


def test_fingerprints_tell_texts_apart_without_storing_them():
    assert fingerprint("Maria Lopez") == fingerprint("Maria Lopez") != fingerprint("Maria Lopes")
    assert "Maria" not in fingerprint("Maria Lopez")


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":  # run the deferred FK checks now, so DDL may follow
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute(sql, params)


def test_the_database_refuses_to_update_an_entry(people):
    e = entry(people)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE audit_auditentry SET actor = 'someone else' WHERE id = %s", [e.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        AuditEntry.objects.filter(pk=e.pk).update(action="post.reject")


def test_the_database_refuses_to_delete_an_entry(people):
    e = entry(people)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM audit_auditentry WHERE id = %s", [e.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM audit_auditentry")


def test_postgresql_also_refuses_truncate(people):
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"  # SQLite has no TRUNCATE; DELETE is covered above
        return
    entry(people)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("TRUNCATE audit_auditentry CASCADE")


def tamper(sql, params):
    """What an attacker with the table owner's rights could do: drop the trigger, edit, restore."""
    if connection.vendor == "sqlite":
        raw("DROP TRIGGER audit_auditentry_no_update")
        raw("DROP TRIGGER audit_auditentry_no_delete")
        raw(sql, params)
        from importlib import import_module
        for s in import_module("safepost.app.audit.migrations.0002_append_only_triggers").SQLITE_UP:
            raw(s)
    else:
        raw("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_no_change")
        raw(sql, params)
        raw("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_auditentry_no_change")


def test_audit_verify_passes_on_an_intact_log(people, capsys):
    entry(people)
    assert main(["audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out


def test_audit_verify_finds_an_altered_entry(people, capsys):
    entry(people)
    victim = entry(people)
    entry(people)
    tamper("UPDATE audit_auditentry SET actor = 'nobody@acme.test' WHERE id = %s", [victim.pk])
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"entry #{victim.seq} (id {victim.pk})" in out and "altered" in out


def test_audit_verify_finds_a_removed_entry(people, capsys):
    entry(people)
    victim = entry(people)
    entry(people)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
    assert main(["audit", "verify", "--org", "acme"]) == 1
    assert "sequence jumps" in capsys.readouterr().out


def test_privacy_officers_and_auditors_read_and_filter_the_log(people, as_user):
    entry(people, action="post.approve")
    entry(people, action="consent.revoke")
    entry(people, action="post.approve", org=people.other)
    for name in ("pat", "audrey"):
        r = as_user(name).get("/o/acme/audit/?action=consent.")
        assert r.status_code == 200
        actions = [e.action for e in r.context["page"]]
        assert actions == ["consent.revoke"]
    r = as_user("pat").get("/o/acme/audit/")
    assert all(e.org_id == people.acme.pk for e in r.context["page"])


def test_the_log_exports_as_csv_and_the_export_is_audited(people, as_user):
    entry(people, action="post.approve")
    r = as_user("audrey").get("/o/acme/audit.csv?action=post.")
    assert r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode())))
    assert rows[0][:5] == ["seq", "created", "actor", "actor_id", "action"]
    assert [row[4] for row in rows[1:]] == ["post.approve"]
    assert AuditEntry.objects.filter(org=people.acme, action="audit.export", actor="audrey@acme.test").exists()


def test_other_roles_cannot_read_the_log(as_user):
    for name in ("alice", "rita", "andy", "cora"):
        assert as_user(name).get("/o/acme/audit/").status_code == 403
        assert as_user(name).get("/o/acme/audit.csv").status_code == 403
