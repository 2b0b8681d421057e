"""`safepost-admin`: commands for people who check SafePost from outside (audit verify needs no
database, settings or Django) and for operators (backup, restore, rotate-keys).

    safepost-admin audit verify --export FILE --public-key KEY [--witness DIR]

recomputes every entry hash of an export (`safepost audit export`), the chain, the entry
signatures, the Merkle root of every signed tree head, the consistency proofs between
successive heads and, with --witness, the heads kept in a witness directory
(SAFEPOST_AUDIT_WITNESS_DIR). It prints each problem (the entry or head, the check that
failed, what it means) and exits 0 when everything verifies, 1 when something does not,
2 when the files cannot be read (the table in `safepost.exitcodes`).

    safepost-admin backup-key --out FILE
    safepost-admin backup --out FILE --key-file KEY
    safepost-admin restore FILE --key-file KEY [--force]

seal a consistent snapshot of the installation the environment names (SAFEPOST_DATA_DIR,
DATABASE_URL, SAFEPOST_KEYS_FILE, ...) with a key kept apart from it, and restore one into a
fresh installation (`safepost.app.lib.backup`).

    safepost-admin rotate-keys [--resume] [--batch-size N] [--max-batches N]

is `safepost keys rotate` (the same code): a new key, every encrypted field and document
re-encrypted under it in batches, resumable, audited.

    safepost-admin engine retrain --org ORG [--enable]
    safepost-admin engine use --org ORG on|off

are `safepost engine retrain|use` (the same code): an organization's own engine model, fitted on
its reviewers' marks (posts/orgmodel.py). Exit 1 when the backup is refused (tampered,
wrong key, target not empty), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from safepost.app.audit import outside, signing
from safepost.app.lib.engine_options import add_engine_commands
from safepost.app.lib.rotation_options import add_rotate_options
from safepost.exitcodes import EPILOG, EXIT_FAIL, EXIT_OK, EXIT_USAGE, run_quietly


def err(msg: str) -> None:
    print(f"safepost-admin: {msg}", file=sys.stderr)


def cmd_audit_verify(args) -> int:
    try:
        key = signing.load_public_key(Path(args.public_key).read_bytes(), f"--public-key {args.public_key}")
    except OSError as e:
        err(f"cannot read --public-key {args.public_key}: {e.strerror}")
        return EXIT_USAGE
    except signing.SigningKeyError as e:
        err(str(e))
        return EXIT_USAGE
    witness = Path(args.witness) if args.witness else None
    if witness is not None and not witness.is_dir():
        err(f"--witness {args.witness} is not a directory")
        return EXIT_USAGE
    try:
        with open(args.export, encoding="utf-8") as f:
            result = outside.check_file(f, key, witness)
    except OSError as e:
        err(f"cannot read --export {args.export}: {e.strerror}")
        return EXIT_USAGE
    except (outside.ExportFormatError, UnicodeDecodeError) as e:
        print(f"FAILED: {e}")
        return EXIT_FAIL
    for problem in result.problems:
        print(problem)
    if not result.ok:
        print(f"FAILED: {len(result.problems)} problem(s) in {result.chain} ({result.entries} entries, "
              f"{result.heads} signed heads)")
        return EXIT_FAIL
    unsigned = f", {result.unsigned} of them unsigned format-1 entries" if result.unsigned else ""
    print(f"OK: {result.chain}: {result.entries} entries{unsigned}, {result.heads} signed heads, latest root "
          f"{result.root}, all signed by {signing.fingerprint(key)}")
    return EXIT_OK


def _key(args) -> bytes | None:
    from safepost.app.lib.sealed import SealedError, load_key

    try:
        return load_key(Path(args.key_file), "--key-file")
    except SealedError as e:
        err(str(e))
        return None


def cmd_backup_key(args) -> int:
    from safepost.app.lib.sealed import fingerprint, load_key, new_key_text

    out = Path(args.out)
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        err(f"--out {args.out} exists; a backup key is never overwritten (choose another file)")
        return EXIT_USAGE
    except OSError as e:
        err(f"cannot create --out {args.out}: {e.strerror}")
        return EXIT_USAGE
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(new_key_text())
    print(f"wrote a new backup key to {out} (fingerprint {fingerprint(load_key(out, '--out'))}); keep it apart "
          f"from the backups and the data directory")
    return EXIT_OK


def cmd_backup(args) -> int:
    from safepost.app.lib import backup

    if (key := _key(args)) is None:
        return EXIT_USAGE
    out = Path(args.out)
    if not out.parent.is_dir():
        err(f"--out {args.out}: the directory {out.parent} does not exist")
        return EXIT_USAGE
    try:
        manifest = backup.backup(out, key)
    except backup.BackupError as e:
        err(f"backup failed: {e}")
        return EXIT_FAIL
    print(f"wrote {out}: the {manifest['database']} database and {', '.join(manifest['files'])}, "
          f"sealed with AES-256-GCM (restore with `safepost-admin restore {out} --key-file KEY`)")
    return EXIT_OK


def cmd_restore(args) -> int:
    from safepost.app.lib import backup

    if (key := _key(args)) is None:
        return EXIT_USAGE
    try:
        manifest = backup.restore(Path(args.file), key, force=args.force)
    except backup.BackupError as e:
        err(f"restore refused: {e}")
        return EXIT_FAIL
    print(f"restored the {manifest['database']} database and {', '.join(manifest['files'])} from the backup "
          f"of {manifest.get('created')}; check it with `safepost audit verify`")
    return EXIT_OK


def cmd_rotate_keys(args) -> int:
    from safepost.app.commands import cmd_keys_rotate

    return cmd_keys_rotate(args, None)


def cmd_engine_retrain(args) -> int:
    from safepost.app.commands import cmd_engine_retrain as retrain

    return retrain(args, None)


def cmd_engine_use(args) -> int:
    from safepost.app.commands import cmd_engine_use as use

    return use(args, None)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="safepost-admin", description=__doc__.split("\n\n")[0],
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    audit = sub.add_parser("audit", help="the audit log").add_subparsers(dest="audit_command", metavar="ACTION",
                                                                          required=True)
    v = audit.add_parser("verify", help="check an audit export with the public key alone (exit 1 when it fails)")
    v.add_argument("--export", required=True, help="the file written by `safepost audit export`")
    v.add_argument("--public-key", required=True, help="the PEM printed by `safepost audit pubkey`")
    v.add_argument("--witness", help="a witness directory of signed heads (SAFEPOST_AUDIT_WITNESS_DIR) to "
                                     "check the export against")
    v.set_defaults(func=cmd_audit_verify)

    k = sub.add_parser("backup-key", help="write a new 256-bit backup key (0600) for --key-file")
    k.add_argument("--out", required=True, help="the key file to create (never overwritten)")
    k.set_defaults(func=cmd_backup_key)
    b = sub.add_parser("backup", help="seal a consistent snapshot of the database and the data directory's keys")
    b.add_argument("--out", required=True, help="the backup file to write (0600)")
    b.add_argument("--key-file", required=True, help="the backup key (`safepost-admin backup-key`), kept apart")
    b.set_defaults(func=cmd_backup)
    r = sub.add_parser("restore", help="restore a backup into a fresh installation (exit 1 when refused)")
    r.add_argument("file", help="the file written by `safepost-admin backup`")
    r.add_argument("--key-file", required=True, help="the key the backup was sealed with")
    r.add_argument("--force", action="store_true", help="overwrite a database and keys that exist")
    r.set_defaults(func=cmd_restore)

    rk = sub.add_parser("rotate-keys", help="`safepost keys rotate`: re-encrypt every encrypted field and document "
                                            "under a new key (resumable, audited)")
    add_rotate_options(rk)
    rk.set_defaults(func=cmd_rotate_keys)

    e = sub.add_parser("engine", help="`safepost engine`: an organization's own model, from its reviewers' marks")
    add_engine_commands(e, cmd_engine_retrain, cmd_engine_use)
    return parser


def main(argv: list[str] | None = None) -> int:
    return run_quietly(_main, argv)


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
