"""Entry format 2: every field (organization included) is hashed, every entry is signed with the
installation's Ed25519 key, and `safepost audit verify` tells which entry fails which check.
Format-1 entries written before migration 0003 still verify."""

import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.utils import timezone

from safepost.app.audit import rules, signing
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who, public_key, record, verify
from safepost.cli import main

from .test_audit import entry, tamper


def test_new_entries_are_format_2_and_signed_by_the_installation_key(people):
    e = entry(people)
    assert e.format == 2
    assert e.hash == rules.leaf(e.data()).hex()          # the entry hash IS its Merkle leaf
    assert signing.entry_signature_ok(public_key(), e.hash, e.signature)
    assert not signing.entry_signature_ok(Ed25519PrivateKey.generate().public_key(), e.hash, e.signature)


def test_the_signing_key_file_is_created_private_on_first_use(people):
    entry(people)
    path = Path(settings.AUDIT_KEY_FILE)
    assert path.parent == Path(settings.DATA_DIR) and path.name == "audit_signing_key.pem"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert b"PRIVATE KEY" in path.read_bytes()


def test_a_key_file_that_is_not_a_key_is_refused_with_what_to_do(tmp_path):
    bad = tmp_path / "key.pem"
    bad.write_text("not a key\n")
    with pytest.raises(signing.SigningKeyError, match="SAFEPOST_AUDIT_KEY_FILE"):
        signing.load_or_create_private_key(bad)


@pytest.mark.parametrize("column,value", [
    ("org_id", None), ("meta", '{"verdict": "ALLOW"}'), ("created", "2020-01-01 00:00:00"),
    ("ip", "198.51.100.1"), ("actor_id", 999), ("object_id", "8"),
])
def test_changing_any_column_breaks_the_entry_hash(people, capsys, column, value):
    entry(people)
    victim = entry(people)
    entry(people)
    if column == "org_id":
        value = people.other.pk
    tamper(f"UPDATE audit_auditentry SET {column} = %s WHERE id = %s", [value, victim.pk])
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"entry #{victim.seq} (id {victim.pk}) failed the hash check" in out


def test_a_rechained_log_fails_the_signature_check(people, capsys):
    """Someone who knows the format recomputes the hash of an altered entry and re-links the
    rest; without the signing key the signatures give them away."""
    entry(people)
    victim = entry(people)
    data = victim.data()
    forged = rules.EntryData(**{**data.__dict__, "meta": {"verdict": "ALLOW"}})
    new_hash = rules.entry_digest(forged)
    tamper("UPDATE audit_auditentry SET meta = %s, hash = %s WHERE id = %s",
           ['{"verdict": "ALLOW"}', new_hash, victim.pk])
    assert main(["audit", "verify", "--org", "acme"]) == 1
    out = capsys.readouterr().out
    assert f"entry #{victim.seq} (id {victim.pk}) failed the signature check" in out
    assert "failed the hash check" not in out


def _append_forged(people, key: Ed25519PrivateKey | None, fmt: int = 2) -> AuditEntry:
    last = AuditEntry.objects.filter(org=people.acme).order_by("-seq").first()
    data = rules.EntryData(chain=last.chain, seq=last.seq + 1, created=timezone.now(), actor_id=None,
                           actor="cli:root", action="post.approve", object_type="post", object_id="7",
                           ip=None, meta={}, prev_hash=last.hash, org_id=people.acme.pk, format=fmt)
    h = rules.entry_digest(data)
    return AuditEntry.objects.create(
        chain=data.chain, seq=data.seq, org=people.acme, created=data.created, actor=data.actor,
        action=data.action, object_type="post", object_id="7", meta={}, prev_hash=data.prev_hash, hash=h,
        format=None if fmt == 1 else fmt, signature=signing.sign_entry(key, h) if key else None)


def test_a_forged_entry_appended_at_the_end_is_found(people, capsys):
    entry(people)
    forged = _append_forged(people, Ed25519PrivateKey.generate())
    assert main(["audit", "verify", "--org", "acme"]) == 1
    assert f"entry #{forged.seq} (id {forged.pk}) failed the signature check" in capsys.readouterr().out


def test_an_unsigned_format_1_entry_after_signed_ones_is_a_downgrade(people, capsys):
    entry(people)
    forged = _append_forged(people, None, fmt=1)
    assert main(["audit", "verify", "--org", "acme"]) == 1
    out = capsys.readouterr().out
    assert f"entry #{forged.seq} (id {forged.pk}) failed the format check" in out and "downgraded" in out


def test_format_1_entries_written_before_the_upgrade_still_verify(db, capsys):
    """A chain that starts with old, unsigned entries and continues in format 2."""
    from safepost.app.accounts.models import Organization

    org = Organization.objects.create(slug="legacy", name="Legacy Clinic")
    chain, prev = rules.chain_for(org.pk), rules.GENESIS
    for seq in (1, 2):
        data = rules.EntryData(chain=chain, seq=seq, created=timezone.now(), actor_id=None, actor="system",
                               action="org.create", object_type="", object_id="", ip=None, meta={"n": seq},
                               prev_hash=prev)
        prev = rules.entry_digest(data)
        AuditEntry.objects.create(chain=chain, seq=seq, org=org, created=data.created, actor="system",
                                  action="org.create", meta={"n": seq}, prev_hash=data.prev_hash, hash=prev)
    new = record(Who.cli(org), "org.update")
    assert (new.seq, new.format, new.prev_hash) == (3, 2, prev)
    [report] = verify(org)
    assert (report.entries, report.unsigned, report.broken) == (3, 2, None)
    assert main(["audit", "verify", "--org", "legacy"]) == 0
    assert "(2 unsigned format-1)" in capsys.readouterr().out


def test_safepost_check_warns_when_the_signing_key_sits_in_the_data_directory_on_postgresql(db, settings, tmp_path):
    from django.db import connection

    from safepost.app.accounts.checks import safepost_checks

    ids = {p.id for p in safepost_checks()}
    assert ("safepost.W010" in ids) == (connection.vendor == "postgresql")
    settings.AUDIT_KEY_FILE = str(tmp_path / "elsewhere.pem")
    assert "safepost.W010" not in {p.id for p in safepost_checks()}


@pytest.mark.parametrize("ip", ["2001:0DB8:0000::1", "::ffff:192.0.2.1", "198.51.100.7"])
def test_an_address_written_in_any_notation_verifies(people, ip):
    """The address is hashed as the database stores it, not as the client wrote it."""
    e = record(Who.user(people["pat"], people.acme, ip), "auth.login")
    e.refresh_from_db()
    assert rules.entry_digest(e.data()) == e.hash
    assert verify(people.acme)[0].broken is None
