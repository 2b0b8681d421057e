"""Signed tree heads: signed by the worker's `auditsign` job and `safepost audit sign`, copied to
the witness directory, append-only, and what `safepost audit verify` finds with them (entries
removed from the end, a whole chain deleted)."""

import json
import re
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from safepost.app.audit import heads, merkle, rules, signing
from safepost.app.audit.jobs import sign_due_heads
from safepost.app.audit.models import AuditEntry, TreeHead
from safepost.app.audit.services import public_key
from safepost.app.audit.treeheads import chains_due, sign_chain
from safepost.app.worker import discover_jobs
from safepost.cli import main

from .test_audit import entry, raw, tamper


def acme_chain(people):
    return rules.chain_for(people.acme.pk)


def test_a_head_signs_the_merkle_root_of_the_chain(people):
    entry(people)
    entry(people)
    s = sign_chain(acme_chain(people))
    rows = AuditEntry.objects.filter(org=people.acme).order_by("seq")
    assert s.new and s.head.size == rows.count()
    assert s.head.root_hash == merkle.root([bytes.fromhex(e.hash) for e in rows]).hex()
    assert signing.head_signature_ok(public_key(), s.head.head())
    assert s.head.key_fingerprint == signing.fingerprint(public_key())


def test_signing_again_without_new_entries_adds_no_head(people):
    entry(people)
    first = sign_chain(acme_chain(people))
    again = sign_chain(acme_chain(people))
    assert not again.new and again.head.pk == first.head.pk
    entry(people)
    assert sign_chain(acme_chain(people)).head.size == first.head.size + 1


def test_the_worker_signs_every_grown_chain_once_per_interval(people):
    assert "auditsign" in [j.name for j in discover_jobs()]
    entry(people)
    entry(people, org=people.other)
    assert sign_due_heads("test:1") == 2                   # acme, other (and nothing else)
    assert sign_due_heads("test:1") == 0
    entry(people)
    assert sign_due_heads("test:1") == 0                   # grew, but the last head is recent
    assert chains_due(timezone.now() + timedelta(minutes=61), timedelta(minutes=60)) == [acme_chain(people)]


def test_each_head_is_written_to_the_witness_directory(people, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.AUDIT_WITNESS_DIR = str(tmp_path / "witness")
    entry(people)
    with django_capture_on_commit_callbacks(execute=True):
        s = sign_chain(acme_chain(people))
    [path] = (tmp_path / "witness").iterdir()
    assert path.name == f"org-{people.acme.pk}-{s.head.size:012d}.json"
    h = heads.head_from_json(json.loads(path.read_text()))
    assert h == s.head.head() and signing.head_signature_ok(public_key(), h)


def test_heads_are_append_only(people):
    entry(people)
    head = sign_chain(acme_chain(people)).head
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE audit_treehead SET size = 1 WHERE id = %s", [head.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM audit_treehead WHERE id = %s", [head.pk])


def test_audit_verify_finds_entries_removed_from_the_end(people, capsys):
    entry(people)
    entry(people)
    last = entry(people)
    head = sign_chain(acme_chain(people)).head
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    assert main(["audit", "verify", "--org", "acme"]) == 1
    out = capsys.readouterr().out
    assert f"tree head of size #{head.size} failed the head-size check" in out
    assert f"entries #{last.seq} are missing" in out


def test_audit_verify_finds_a_whole_chain_deleted(people, capsys):
    entry(people)
    sign_chain(acme_chain(people))
    tamper("DELETE FROM audit_auditentry WHERE chain = %s", [acme_chain(people)])
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert re.search(rf"{acme_chain(people)}\s+0 entries\s+BROKEN", out) and "only 0 are present" in out


def test_a_tampered_chain_is_not_signed_over(people, capsys):
    victim = entry(people)
    tamper("UPDATE audit_auditentry SET action = 'post.reject' WHERE id = %s", [victim.pk])
    assert main(["audit", "sign", "--org", "acme"]) == 1
    assert f"not signed: chain {acme_chain(people)}, entry #{victim.seq}" in capsys.readouterr().err
    assert not TreeHead.objects.filter(chain=acme_chain(people)).exists()


def test_audit_sign_command_reports_each_head(people, capsys):
    entry(people)
    assert main(["audit", "sign"]) == 0
    out = capsys.readouterr().out
    assert f"{acme_chain(people)}" in out and "signed now" in out
    assert main(["audit", "sign", "--org", "acme"]) == 0
    assert "already signed" in capsys.readouterr().out
    assert main(["audit", "sign", "--org", "nosuch"]) == 1
    assert "no organization 'nosuch'" in capsys.readouterr().err


def test_the_worker_retries_a_broken_chain_once_per_interval_not_on_every_poll(people, caplog):
    victim = entry(people)
    tamper("UPDATE audit_auditentry SET action = 'post.reject' WHERE id = %s", [victim.pk])
    with caplog.at_level("WARNING", logger="safepost.audit"):
        sign_due_heads("test:1")
        sign_due_heads("test:1")
    refusals = [r for r in caplog.records if "does not verify" in r.getMessage()]
    assert len(refusals) == 1 and "post.reject" not in refusals[0].getMessage()
    assert not TreeHead.objects.filter(chain=acme_chain(people)).exists()


def test_signing_checks_only_new_signatures_but_still_finds_an_old_entry_altered(people, capsys):
    """Entries under an earlier head are checked through that head's root, not re-verified one
    signature at a time; an alteration among them still stops the signing."""
    victim = entry(people)
    sign_chain(acme_chain(people))
    entry(people)
    tamper("UPDATE audit_auditentry SET object_id = '8' WHERE id = %s", [victim.pk])
    s = sign_chain(acme_chain(people))
    assert s.head is None and f"entry #{victim.seq}" in s.problem and "hash check" in s.problem


def test_audit_verify_finds_entries_reordered_in_the_database(people, capsys):
    first, second = entry(people, n=1), entry(people, n=2)
    entry(people)
    tamper("UPDATE audit_auditentry SET seq = -1 WHERE id = %s", [first.pk])
    tamper("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [first.seq, second.pk])
    tamper("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [second.seq, first.pk])
    assert main(["audit", "verify", "--org", "acme"]) == 1
    out = capsys.readouterr().out
    expected = f"FIRST BAD ENTRY: chain {acme_chain(people)}, entry #{first.seq} (id {second.pk}) failed the link check"
    assert expected in out


def test_the_audit_page_shows_the_latest_signed_head(people, as_user):
    entry(people)
    r = as_user("audrey").get("/o/acme/audit/")
    assert "No signed tree head yet" in r.content.decode()
    head = sign_chain(acme_chain(people)).head
    sign_chain(f"org:{people.other.pk}")
    r = as_user("audrey").get("/o/acme/audit/")
    assert r.context["head"] == head
    assert f"entries #1–#{head.size}" in r.content.decode() and head.root_hash[:16] in r.content.decode()


def test_audit_verify_finds_a_chain_deleted_with_its_heads_through_the_witness(
        people, settings, tmp_path, capsys, django_capture_on_commit_callbacks):
    settings.AUDIT_WITNESS_DIR = str(tmp_path / "witness")
    entry(people)
    with django_capture_on_commit_callbacks(execute=True):
        head = sign_chain(acme_chain(people)).head
    tamper("DELETE FROM audit_auditentry WHERE chain = %s", [acme_chain(people)])
    raw("DROP TRIGGER audit_treehead_no_delete") if connection.vendor == "sqlite" else \
        raw("ALTER TABLE audit_treehead DISABLE TRIGGER audit_treehead_no_change")
    raw("DELETE FROM audit_treehead WHERE chain = %s", [acme_chain(people)])
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert (f"chain {acme_chain(people)}, witness head of size #{head.size} failed the head-size check: the head "
            f"was signed over {head.size} entries but only 0 are present") in out
    (tmp_path / "witness" / "junk.json").write_text("{")
    assert main(["audit", "verify"]) == 1
    assert "cannot read the witness directory" in capsys.readouterr().err
