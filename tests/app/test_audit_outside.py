"""An outsider checks an audit export with the public key alone: `safepost audit export` and
`safepost audit pubkey` on the service's side, `safepost-admin audit verify` run as a real
process with no database, no settings and no Django. Every way of tampering with the file is
found and named: one byte changed, an entry dropped, entries reordered, the end cut off, a head
forged with another key, an organization changed."""

import json
import re
import os
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import DatabaseError

from safepost.app.audit import heads, merkle, signing
from safepost.app.audit.treeheads import sign_chain
from safepost.cli import main

from .test_audit import entry, raw

SRC = str(Path(__file__).resolve().parents[2] / "src")


def verify_cli(*args: str) -> subprocess.CompletedProcess:
    """`safepost-admin audit verify …` in a clean process: no database, no Django settings."""
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": SRC, "SAFEPOST_DATA_DIR": "/nonexistent"}
    return subprocess.run([sys.executable, "-m", "safepost.admin", "audit", "verify", *args],
                          capture_output=True, text=True, env=env, timeout=60, check=False)


@pytest.fixture
def exported(people, tmp_path, capsys):
    """acme's chain: 6 entries, a head at 3, then the export (which records itself and signs a
    head over everything), and the public key as a file."""
    for i in range(3):
        entry(people, n=i)
    sign_chain(f"org:{people.acme.pk}")
    entry(people, action="consent.revoke")
    entry(people, verdict="BLOCK", labels=["SSN"])
    entry(people, org=people.other)                       # another chain: not in acme's export
    out = tmp_path / "acme.jsonl"
    assert main(["audit", "export", "--org", "acme", "--out", str(out)]) == 0
    assert main(["audit", "pubkey"]) == 0
    key = tmp_path / "audit.pub"
    key.write_text(capsys.readouterr().out)
    return out, key


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()]


def write(path: Path, objs: list[dict]) -> None:
    path.write_text("".join(json.dumps(o, sort_keys=True) + "\n" for o in objs))


def test_an_intact_export_verifies_with_the_public_key_alone(exported):
    out, key = exported
    objs = lines(out)
    assert objs[0]["type"] == "safepost-audit-export" and objs[0]["org"] == "acme"
    entries = [o for o in objs if o["type"] == "entry"]
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert entries[-1]["action"] == "audit.export"
    first_head = [e["seq"] for e in entries if e["meta"].get("n") == 2][0]   # signed after the 3rd entry
    assert [h["size"] for h in objs if h["type"] == "head"] == [first_head, len(entries)]
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    r = verify_cli("--export", str(out), "--public-key", str(key))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith(f"OK: {objs[0]['chain']}: {len(entries)} entries, 2 signed heads")


def test_the_verifier_needs_neither_django_nor_a_database(exported):
    out, key = exported
    code = ("import sys; from safepost.admin import main; rc = main(['audit', 'verify', '--export', sys.argv[1], "
            "'--public-key', sys.argv[2]]); assert 'django' not in sys.modules; sys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", code, str(out), str(key)], capture_output=True, text=True,
                       env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": SRC}, timeout=60, check=False)
    assert r.returncode == 0, r.stderr


def test_the_pubkey_is_the_installation_key(exported):
    _out, key = exported
    from safepost.app.audit.services import public_key
    assert signing.fingerprint(signing.load_public_key(key.read_bytes())) == signing.fingerprint(public_key())


def test_one_changed_byte_names_the_entry_and_the_hash_check(exported):
    out, key = exported
    text = out.read_text().splitlines(keepends=True)
    [(i, seq)] = [(i, json.loads(x)["seq"]) for i, x in enumerate(text) if '"n":1' in x]
    text[i] = text[i].replace('"n":1', '"n":7')          # one byte of one entry's meta
    out.write_text("".join(text))
    r = verify_cli("--export", str(out), "--public-key", str(key))
    assert r.returncode == 1
    assert f"entry #{seq} failed the hash check: content does not match its hash (altered)" in r.stdout
    assert f"tree head of size #{seq + 1} failed the head-root check" in r.stdout


def test_a_changed_organization_is_found(exported):
    out, key = exported
    objs = lines(out)
    objs[1]["org_id"] = objs[1]["org_id"] + 1
    write(out, objs)
    r = verify_cli("--export", str(out), "--public-key", str(key))
    assert r.returncode == 1 and "entry #1 failed the hash check" in r.stdout


def test_a_dropped_entry_is_found_and_named(exported):
    out, key = exported
    objs = lines(out)
    del objs[3]                                          # entry #3
    objs[0]["entries"] -= 1                              # even with the header made to match
    write(out, objs)
    r = verify_cli("--export", str(out), "--public-key", str(key))
    assert r.returncode == 1
    assert "entry #4 failed the sequence check: sequence jumps from 2 to 4 (entries #3 removed?)" in r.stdout
    assert "entry #4 failed the link check" in r.stdout


def test_reordered_entries_are_found(exported):
    out, key = exported
    objs = lines(out)
    objs[2], objs[3] = objs[3], objs[2]                  # entries #2 and #3 swapped
    write(out, objs)
    r = verify_cli("--export", str(out), "--public-key", str(key))
    assert r.returncode == 1
    assert "entry #3 failed the sequence check: sequence jumps from 1 to 3" in r.stdout
    assert "entry #2 failed the sequence check: sequence goes back" in r.stdout


def test_entries_cut_off_the_end_are_found_by_the_last_head(exported):
    out, key = exported
    objs = lines(out)
    entries = [o for o in objs if o["type"] == "entry"]
    kept = [o for o in objs if o["type"] != "entry" or o["seq"] <= len(entries) - 2]
    kept[0]["entries"] -= 2
    write(out, kept)
    r = verify_cli("--export", str(out), "--public-key", str(key))
    assert r.returncode == 1
    assert (f"failed the head-size check: the head was signed over {len(entries)} entries but only "
            f"{len(entries) - 2} are present: entries #{len(entries) - 1}..#{len(entries)} are missing") in r.stdout


def test_cutting_the_end_and_its_heads_is_found_by_the_witness(people, settings, tmp_path, capsys,
                                                               django_capture_on_commit_callbacks):
    settings.AUDIT_WITNESS_DIR = str(tmp_path / "witness")
    for i in range(4):
        entry(people, n=i)
    with django_capture_on_commit_callbacks(execute=True):
        sign_chain(f"org:{people.acme.pk}")
    out = tmp_path / "acme.jsonl"
    with django_capture_on_commit_callbacks(execute=True):
        assert main(["audit", "export", "--org", "acme", "--out", str(out)]) == 0
    assert main(["audit", "pubkey"]) == 0
    key = tmp_path / "k.pub"
    key.write_text(capsys.readouterr().out)
    objs = lines(out)
    kept = [o for o in objs if o["type"] == "entry" and o["seq"] <= 2]
    write(out, [{**objs[0], "entries": 2, "heads": 0}] + kept)
    r = verify_cli("--export", str(out), "--public-key", str(key))
    assert r.returncode == 1 and "no signed tree head in the export" in r.stdout
    r = verify_cli("--export", str(out), "--public-key", str(key), "--witness", str(tmp_path / "witness"))
    assert r.returncode == 1
    witnessed = sorted(h["size"] for h in objs if h["type"] == "head")
    assert len(list((tmp_path / "witness").iterdir())) == len(witnessed) == 2
    for size in witnessed:
        assert (f"witness head of size #{size} failed the head-size check: the head was signed over {size} entries "
                f"but only 2 are present: entries #3..#{size} are missing") in r.stdout


def test_a_head_forged_with_another_key_is_found(exported):
    out, key = exported
    objs = lines(out)
    entries = [o for o in objs if o["type"] == "entry"]
    last = heads.head_from_json(objs[-1])
    # the forger appends an entry of their own and signs a head over it with their own key
    forger = Ed25519PrivateKey.generate()
    leaves = [merkle.leaf_hash(b"x")] * (len(entries) + 1)
    forged = replace(last, size=len(entries) + 1, root=merkle.root(leaves).hex(), consistency=None)
    forged = replace(forged, signature=signing.sign_head(forger, forged))
    objs.append({"type": "head", **forged.to_json()})
    objs[0]["heads"] += 1
    write(out, objs)
    r = verify_cli("--export", str(out), "--public-key", str(key))
    assert r.returncode == 1
    assert (f"tree head of size #{len(entries) + 1} failed the head-signature check: signature missing or not "
            f"made by the signing key (forged head)") in r.stdout


def test_an_export_rewritten_under_another_key_fails_against_the_real_key(exported, tmp_path):
    out, key = exported
    other = tmp_path / "other.pub"
    other.write_text(signing.public_pem(Ed25519PrivateKey.generate()))
    r = verify_cli("--export", str(out), "--public-key", str(other))
    assert r.returncode == 1
    assert "header: the export says it was signed by sha256:" in r.stdout
    assert "entry #1 failed the signature check" in r.stdout and "failed the head-signature check" in r.stdout


def test_a_broken_file_and_unreadable_keys_are_explained(exported, tmp_path):
    out, key = exported
    r = verify_cli("--export", str(out), "--public-key", str(tmp_path / "missing.pub"))
    assert r.returncode == 2 and "cannot read --public-key" in r.stderr
    (tmp_path / "bad.pub").write_text("hello\n")
    r = verify_cli("--export", str(out), "--public-key", str(tmp_path / "bad.pub"))
    assert r.returncode == 2 and "is not a PEM public key" in r.stderr and "safepost audit pubkey" in r.stderr
    out.write_text(out.read_text()[:-40])                 # cut mid-line
    r = verify_cli("--export", str(out), "--public-key", str(key))
    assert r.returncode == 1 and "FAILED: line" in r.stdout and "not JSON" in r.stdout


def test_the_database_refuses_a_raw_edit_of_meta(people):
    """Nothing disabled: the append-only triggers refuse the edit outright."""
    e = entry(people, verdict="BLOCK")
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE audit_auditentry SET meta = %s WHERE id = %s", ['{"verdict": "ALLOW"}', e.pk])


@pytest.mark.parametrize("mangle,message", [
    (lambda objs: [["not", "an", "object"]] + objs[1:], "line 1: not a SafePost audit export"),
    (lambda objs: objs[1:], "line 1: not a SafePost audit export (its first line must be the"),
    (lambda objs: [], "the file is empty"),
    (lambda objs: [{**objs[0], "version": 9}] + objs[1:], "line 1: export version 9"),
    (lambda objs: objs[:1] + [{**objs[1], "seq": "1"}] + objs[2:], "line 2: entry field 'seq' is missing or not a int"),
    (lambda objs: objs[:1] + [{**objs[1], "created": "yesterday"}] + objs[2:], "line 2: entry field 'created'"),
    (lambda objs: objs[:1] + [{**objs[1], "meta": "x"}] + objs[2:], "line 2: entry field 'meta' must be an object"),
    (lambda objs: objs[:-1] + [{**objs[-1], "size": None}], "tree head field 'size' is missing"),
    (lambda objs: objs[:-1] + [{**objs[-1], "consistency": [1]}], "'consistency' must be a list of hex strings"),
    (lambda objs: objs + [{"type": "comment"}], "not 'comment'"),
])
def test_a_malformed_export_is_refused_naming_the_line_and_field(exported, mangle, message):
    from safepost.app.audit import outside

    out, key = exported
    objs = lines(out)
    write(out, mangle(objs))
    with pytest.raises(outside.ExportFormatError, match=re.escape(message)):
        outside.read_export(out.read_text().splitlines())


@pytest.mark.parametrize("mangle,check", [
    (lambda o: {**o, "signature": 12345}, "failed the signature check"),
    (lambda o: {**o, "signature": "not base64!"}, "failed the signature check"),
    (lambda o: {**o, "format": 7}, "failed the format check: unknown entry format 7"),
    (lambda o: {**o, "hash": "zz"}, "failed the hash check"),
])
def test_odd_values_in_an_entry_are_problems_not_crashes(exported, mangle, check):
    from safepost.app.audit import outside

    out, key = exported
    objs = lines(out)
    objs[1] = mangle(objs[1])
    write(out, objs)
    result = outside.check_file(out.open(), signing.load_public_key(key.read_bytes()))
    assert not result.ok and any(f"entry #1 {check}" in p for p in result.problems)


def test_a_deeply_nested_line_is_refused_not_a_crash(exported):
    from safepost.app.audit import outside

    out, _key = exported
    out.write_text(out.read_text() + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(outside.ExportFormatError, match="not JSON"):
        outside.read_export(out.read_text().splitlines())


def test_safepost_admin_is_a_console_script_of_the_package():
    import importlib
    import tomllib

    scripts = tomllib.loads((Path(SRC).parent / "pyproject.toml").read_text())["project"]["scripts"]
    module, func = scripts["safepost-admin"].split(":")
    assert callable(getattr(importlib.import_module(module), func))
