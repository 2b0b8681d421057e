"""The service's operator commands, registered into `safepost` (see safepost/cli.py):

    safepost serve [--host H] [--port N] [--demo] [--workers N] [--with-worker]
    safepost migrate
    safepost createuser --org ORG --email E --role R [--password-file F] [--name N]
    safepost apikey create --org ORG --name N [--user EMAIL]
    safepost audit verify [--org ORG]
    safepost audit sign [--org ORG]
    safepost audit export --org ORG --out FILE
    safepost audit pubkey
    safepost keys rotate [--resume] [--batch-size N] [--max-batches N]
    safepost check
    safepost engine retrain --org ORG [--enable]    (posts/orgmodel.py)
    safepost engine use --org ORG on|off
    safepost worker [--once] [--threads N]     (safepost/app/worker.py)

Each sub-command's `func(args, parser)` returns the exit code: 0 done, 1 failed (the reason on
stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import ipaddress
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import django  # noqa: F401  (ImportError here = the service is not installed; cli.py skips us)

from safepost.app.lib.engine_options import add_engine_commands
from safepost.app.lib.rotation_options import add_rotate_options
from safepost.exitcodes import EXIT_FAIL, EXIT_OK, EXIT_USAGE  # noqa: E402  (the one table: safepost.exitcodes)


def err(msg: str) -> None:
    print(f"safepost: {msg}", file=sys.stderr)


def _setup(prepare: bool = True):
    """Create the data dir and secrets when missing (with a warning), then set Django up."""
    from safepost.app.lib import datadir

    created = datadir.prepare() if prepare else None
    if created is not None and (created.created_secret or created.created_keys):
        made = [str(p) for p, c in ((datadir.secret_key_path(), created.created_secret),
                                    (datadir.keys_path(), created.created_keys)) if c]
        err("generated " + " and ".join(made) + ".\n"
            "          In production move them to a secrets store and point SAFEPOST_SECRET_KEY_FILE and\n"
            "          SAFEPOST_KEYS_FILE at them: whoever reads them can read the encrypted data.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepost.app.settings")
    import django as dj
    from django.apps import apps

    if not apps.ready:
        dj.setup()


def _migrate(verbose: bool = False) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def _org(slug: str):
    from safepost.app.accounts.models import Organization

    return Organization.objects.filter(slug=slug).first()


def _known_org(slug: str):
    """The organization, or None after saying that there is none by that name."""
    org = _org(slug)
    if org is None:
        err(f"no organization {slug!r}")
    return org


# -- serve ------------------------------------------------------------------------------------
def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


DEMO_PRIVATE_HOSTS = "127.0.0.1,localhost,[::1]"   # `serve --demo`: the demo network (this machine)


def cmd_serve(args, parser) -> int:
    if not 0 < args.port < 65536:
        parser.error("--port must be between 1 and 65535")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if "SAFEPOST_SECURE_COOKIES" not in os.environ and _is_loopback(args.host):
        os.environ["SAFEPOST_SECURE_COOKIES"] = "False"   # plain-HTTP demo on this machine only
    if args.host not in ("127.0.0.1", "localhost", "::1") and "SAFEPOST_ALLOWED_HOSTS" not in os.environ:
        os.environ["SAFEPOST_ALLOWED_HOSTS"] = f"{args.host},127.0.0.1,localhost"
    t0 = time.monotonic()
    try:
        _setup()
        _migrate()
    except Exception as e:  # ImproperlyConfigured, OperationalError, KeyringError
        err(f"cannot start: {type(e).__name__}: {e}")
        return EXIT_FAIL
    url = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}/"
    lines = [f"SafePost is starting at {url}  (Ctrl-C stops it)"]
    if not _is_loopback(args.host):
        lines.append("Note: serving beyond this machine. Put it behind HTTPS (a proxy that sets X-Forwarded-Proto, "
                     "with SAFEPOST_BEHIND_PROXY=True) and list its names in SAFEPOST_ALLOWED_HOSTS: sign-in "
                     "cookies are only sent over HTTPS.")
    if args.demo:
        # demo channels may be local servers on this machine: exactly its loopback names may be
        # non-public; the SSRF guard stays on for every other host (issue 10)
        os.environ.setdefault("SAFEPOST_PRIVATE_HOSTS_ALLOWED", DEMO_PRIVATE_HOSTS)
        from safepost.app import demo

        people = demo.load()
        lines.append(f"Demo organization 'demo'. Every demo login uses the password: {demo.DEMO_PASSWORD}")
        for role, (user, secret) in people.items():
            extra = f"   TOTP key: {secret}" if secret else ""
            lines.append(f"  {user.email:<22}{extra}")
        lines.append("  (add the TOTP key to an authenticator app, or: .venv/bin/python -c \"import pyotp; "
                     "print(pyotp.TOTP('KEY').now())\")")
    from django.db import connections

    connections.close_all()  # do not share the setup connection with forked workers
    background = None
    if args.with_worker:
        # until gunicorn installs its own handlers, SIGTERM must unwind through `finally` below
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        background = subprocess.Popen([sys.executable, "-m", "safepost.cli", "worker"], start_new_session=True,
                                      preexec_fn=_stop_with_parent if sys.platform == "linux" else None)
        lines.append(f"Background worker started (pid {background.pid}): scheduled posts publish, inbox replies "
                     "are pulled, e-mail goes out. It stops with the web service.")
    print("\n".join(lines), flush=True)
    try:
        return _run_gunicorn(args, t0)
    finally:
        if background is not None:
            background.terminate()          # SIGTERM: the worker finishes the item in hand, then exits
            try:
                background.wait(timeout=20)
            except subprocess.TimeoutExpired:
                background.kill()
                background.wait()           # reaped here: no zombie left behind for whoever checks


def _stop_with_parent() -> None:
    """Linux, in the worker before it starts: SIGTERM when `serve` ends, however it ends (even a
    SIGKILL, or a stop signal that lands while gunicorn starts and skips our clean-up)."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)   # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _run_gunicorn(args, t0: float) -> int:
    from gunicorn.app.base import BaseApplication

    from safepost.app.wsgi import application

    class Server(BaseApplication):
        def load_config(self):
            opts = {
                "bind": f"[{args.host}]:{args.port}" if ":" in args.host else f"{args.host}:{args.port}",
                "workers": args.workers, "worker_class": "gthread", "threads": args.threads,
                "timeout": 30, "graceful_timeout": 10, "keepalive": 5,
                "accesslog": "-" if args.access_log else None, "errorlog": "-", "loglevel": "warning",
                "proc_name": "safepost", "max_requests": 0,
                "when_ready": lambda server: print(f"ready in {time.monotonic() - t0:.1f}s", flush=True),
            }
            for k, v in opts.items():
                self.cfg.set(k, v)

        def load(self):
            return application

    Server().run()
    return EXIT_OK


# -- migrate ----------------------------------------------------------------------------------
def cmd_migrate(args, parser) -> int:
    try:
        _setup()
        _migrate(verbose=True)
    except Exception as e:
        err(f"migration failed: {type(e).__name__}: {e}")
        return EXIT_FAIL
    return EXIT_OK


# -- createuser -------------------------------------------------------------------------------
def _read_password(args) -> str | None:
    if args.password_file:
        try:
            with open(args.password_file, encoding="utf-8") as f:
                return f.readline().rstrip("\r\n")
        except OSError as e:
            err(f"cannot read {args.password_file}: {e.strerror}")
            return None
    if not sys.stdin.isatty():
        err("no terminal to prompt for the password: use --password-file FILE")
        return None
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        err("the two passwords differ")
        return None
    return first


def cmd_createuser(args, parser) -> int:
    from safepost.app.accounts.rules import Role

    if args.role not in [r.value for r in Role]:
        parser.error(f"--role must be one of: {', '.join(r.value for r in Role)}")
    _setup()
    from safepost.app.accounts import services
    from safepost.app.accounts.models import User
    from safepost.app.audit.services import Who

    org = _org(args.org)
    try:
        if org is None:
            org = services.create_org(Who.cli(None), args.org, args.org)
            err(f"created organization {args.org!r}")
        password = None
        if not User.objects.filter(email=args.email.strip().lower()).exists():
            password = _read_password(args)
            if password is None:
                return EXIT_FAIL
        m = services.add_member(Who.cli(org), org, args.email, args.role, password, name=args.name or "")
    except services.AccountError as e:
        err(str(e))
        return EXIT_FAIL
    print(f"{m.user.email} is {m.role_enum.label} in {org.slug}")
    return EXIT_OK


# -- apikey -----------------------------------------------------------------------------------
def cmd_apikey_create(args, parser) -> int:
    _setup()
    from safepost.app.accounts import services
    from safepost.app.accounts.models import User
    from safepost.app.audit.services import Who

    org = _known_org(args.org)
    if org is None:
        return EXIT_FAIL
    user = None
    if args.user:
        user = User.objects.filter(email=args.user.strip().lower()).first()
        if user is None:
            err(f"no user {args.user!r}")
            return EXIT_FAIL
    try:
        _key, token = services.create_api_key(Who.cli(org), org, args.name, user)
    except services.AccountError as e:
        err(str(e))
        return EXIT_FAIL
    print(token)
    return EXIT_OK


# -- audit ------------------------------------------------------------------------------------
def cmd_audit_verify(args, parser) -> int:
    _setup()
    from safepost.app.audit.outside import ExportFormatError
    from safepost.app.audit.services import verify

    org = None
    if args.org:
        org = _known_org(args.org)
        if org is None:
            return EXIT_FAIL
    try:
        reports = verify(org)
    except ExportFormatError as e:
        err(f"cannot read the witness directory (SAFEPOST_AUDIT_WITNESS_DIR): {e}")
        return EXIT_FAIL
    bad = [r for r in reports if r.broken]
    for r in reports:
        status = "BROKEN" if r.broken else "ok"
        unsigned = f"  ({r.unsigned} unsigned format-1)" if r.unsigned else ""
        print(f"{r.chain:<12} {r.entries:>8} entries  {status:<6} head {r.head}{unsigned}")
    if bad:
        print(f"FIRST BAD ENTRY: {bad[0].broken}")
        problems = [p for r in bad for p in r.problems]
        for p in problems[1:20]:
            print(f"  also: {p}")
        if len(problems) > 20:
            print(f"  … and {len(problems) - 20} more")
        return EXIT_FAIL
    print(f"audit log intact: {sum(r.entries for r in reports)} entries in {len(reports)} chain(s). "
          f"Signed tree heads (`safepost audit sign`, copied to SAFEPOST_AUDIT_WITNESS_DIR) let an outsider "
          f"check an export without the database: `safepost audit export`, `safepost-admin audit verify`.")
    return EXIT_OK


def _audit_chains(args) -> list[str] | None:
    from safepost.app.audit import rules
    from safepost.app.audit.models import AuditEntry

    if args.org:
        org = _known_org(args.org)
        if org is None:
            return None
        return [rules.chain_for(org.pk)]
    return sorted(set(AuditEntry.objects.values_list("chain", flat=True)))


def cmd_audit_sign(args, parser) -> int:
    _setup()
    from safepost.app.audit.treeheads import sign_chain

    chains = _audit_chains(args)
    if chains is None:
        return EXIT_FAIL
    failed = 0
    for chain in chains:
        s = sign_chain(chain)
        if s.head is None:
            err(f"{chain}: {s.problem}")
            failed += 1
            continue
        state = "signed now" if s.new else "already signed"
        print(f"{chain:<12} head of size {s.head.size:>8}  root {s.head.root_hash}  {state}")
    return EXIT_FAIL if failed else EXIT_OK


def cmd_audit_export(args, parser) -> int:
    _setup()
    from safepost.app.audit.export import export

    org = _known_org(args.org)
    if org is None:
        return EXIT_FAIL
    try:
        entries, problem = export(org, Path(args.out))
    except OSError as e:
        err(f"cannot write {args.out}: {e.strerror}")
        return EXIT_FAIL
    if problem:
        err(f"exported, but no new tree head was signed: {problem}")
    print(f"wrote {entries} entries of {org.slug} to {args.out}; check it anywhere with "
          f"`safepost-admin audit verify --export {args.out} --public-key KEY` (KEY: `safepost audit pubkey`)")
    return EXIT_FAIL if problem else EXIT_OK


def cmd_audit_pubkey(args, parser) -> int:
    _setup()
    from safepost.app.audit import signing
    from safepost.app.audit.services import public_key, signing_key

    print(signing.public_pem(signing_key()), end="")
    err(f"fingerprint {signing.fingerprint(public_key())}")
    return EXIT_OK


# -- keys -------------------------------------------------------------------------------------
def cmd_keys_rotate(args, parser) -> int:
    """`safepost keys rotate` and `safepost-admin rotate-keys`: one rotation, resumable."""
    if args.batch_size < 1 or (args.max_batches is not None and args.max_batches < 1):
        err("--batch-size and --max-batches must be at least 1")
        return EXIT_USAGE
    _setup(prepare=False)
    from safepost.app.lib.rotation import rotate

    try:
        done = rotate(resume=args.resume, batch_size=args.batch_size, max_batches=args.max_batches)
    except Exception as e:
        err(f"rotation failed: {type(e).__name__}: {e}; every row is still readable (the old keys are kept): "
            f"run `safepost keys rotate --resume` to finish")
        return EXIT_FAIL
    for label, n in done.counts.items():
        print(f"re-encrypted {n:>6} × {label}")
    if not done.complete:
        print(f"stopped with {done.remaining} values still under older keys (all readable); "
              f"`safepost keys rotate --resume` finishes under key {done.key_id}")
        return EXIT_OK
    print(f"current key is now {done.key_id}; keep the old keys until every backup made before now has expired")
    return EXIT_OK


# -- check ------------------------------------------------------------------------------------
def cmd_check(args, parser) -> int:
    try:
        _setup(prepare=False)
    except Exception as e:
        err(f"{type(e).__name__}: {e}")
        return EXIT_FAIL
    from safepost.app.accounts.checks import safepost_checks

    problems = safepost_checks()
    for p in problems:
        level = "ERROR" if p.is_serious() else "WARNING"
        print(f"{level} {p.id}: {p.msg}" + (f"\n    {p.hint}" if p.hint else ""))
    if not problems:
        print("no configuration problems found")
    return EXIT_FAIL if any(p.is_serious() for p in problems) else EXIT_OK


# -- engine (an organization's own model) ----------------------------------------------------
def cmd_engine_retrain(args, parser) -> int:
    _setup()
    from safepost.app.audit.services import Who
    from safepost.app.posts import orgmodel
    from safepost.engine.adapt import FOLDS, TooFewMarks

    org = _known_org(args.org)
    if org is None:
        return EXIT_FAIL
    try:
        done = orgmodel.retrain(Who.cli(org), org, enable=args.enable)
    except TooFewMarks as e:
        err(f"not retrained: {e}")
        return EXIT_FAIL
    print(f"{org.slug}: fitted on {done.marks} marks ({done.features} features corrected); on the marks, "
          f"each answered by a model fitted without it ({FOLDS}-fold cross-validation):")
    print(f"  base model:         {done.before.text}")
    print(f"  organization model: {done.after.text}")
    print("  (the marks are the base model's mistakes: verdicts it got right are not measured here)")
    print(f"on {org.slug}'s {done.unmarked} latest unmarked posts its model turns {done.turned[0]} flagged → allowed "
          f"and {done.turned[1]} allowed → flagged (nobody said which is right: look at them before enabling it)")
    print(f"in use for {org.slug}'s scans: {'yes' if done.enabled else 'no (safepost engine use --org ' + org.slug + ' on)'}")
    return EXIT_OK


def cmd_engine_use(args, parser) -> int:
    _setup()
    from safepost.app.audit.services import Who
    from safepost.app.posts import orgmodel

    org = _known_org(args.org)
    if org is None:
        return EXIT_FAIL
    if not orgmodel.set_enabled(Who.cli(org), org, args.state == "on"):
        err(f"{org.slug} has no model of its own yet: run `safepost engine retrain --org {org.slug}`")
        return EXIT_FAIL
    print(f"{org.slug}'s scans use {'its own model' if args.state == 'on' else 'the base model'}")
    return EXIT_OK


# -- registration -----------------------------------------------------------------------------
def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="run the web service (gunicorn)",
                       description="Create the data directory and database when missing, migrate, and serve "
                                   "SafePost with gunicorn.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--demo", action="store_true", help="load the demo organization and its users")
    p.add_argument("--workers", type=int, default=int(os.environ.get("SAFEPOST_WEB_WORKERS", os.cpu_count() or 2)),
                   help="worker processes (default: SAFEPOST_WEB_WORKERS or the number of cores)")
    p.add_argument("--threads", type=int, default=int(os.environ.get("SAFEPOST_WEB_THREADS", 2)),
                   help="threads per worker (default: SAFEPOST_WEB_THREADS or 2)")
    p.add_argument("--access-log", action="store_true", help="log each request line (paths only) to stdout")
    p.add_argument("--with-worker", action="store_true",
                   help="also run the background worker (`safepost worker`) in a child process that stops with "
                        "the web service: one command for a single machine (./run.sh uses it)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", help="create or update the database tables")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("createuser", help="add a person to an organization with a role",
                       description="Add a person (created when new) to an organization (created when new).")
    p.add_argument("--org", required=True, help="organization slug")
    p.add_argument("--email", required=True)
    p.add_argument("--role", required=True, help="admin, privacy, reviewer, author, community or auditor")
    p.add_argument("--password-file", help="read the password from the first line of this file")
    p.add_argument("--name", help="the person's name")
    p.set_defaults(func=cmd_createuser)

    p = sub.add_parser("apikey", help="manage API keys")
    ps = p.add_subparsers(dest="apikey_command", metavar="ACTION", required=True)
    c = ps.add_parser("create", help="create a key; prints it once, alone on stdout")
    c.add_argument("--org", required=True)
    c.add_argument("--name", required=True)
    c.add_argument("--user", help="act as this member (with their role); without it the key may only scan")
    c.set_defaults(func=cmd_apikey_create)

    p = sub.add_parser("audit", help="check, sign and export the audit log")
    ps = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    c = ps.add_parser("verify", help="exit 0 when every hash chain is intact, 1 and the first bad entry when not")
    c.add_argument("--org", help="only this organization's chain")
    c.set_defaults(func=cmd_audit_verify)
    c = ps.add_parser("sign", help="sign a tree head of every chain (or --org's) that grew since its last head; "
                                   "the worker's `auditsign` job does it every SAFEPOST_AUDIT_SIGN_MINUTES")
    c.add_argument("--org", help="only this organization's chain")
    c.set_defaults(func=cmd_audit_sign)
    c = ps.add_parser("export", help="write one organization's chain, its signed tree heads and the key's "
                                     "fingerprint as JSON lines, for `safepost-admin audit verify`")
    c.add_argument("--org", required=True, help="organization slug")
    c.add_argument("--out", required=True, help="the file to write (created 0600)")
    c.set_defaults(func=cmd_audit_export)
    c = ps.add_parser("pubkey", help="print the audit signing key's public half (PEM) for outside verifiers")
    c.set_defaults(func=cmd_audit_pubkey)

    p = sub.add_parser("keys", help="manage the encryption keys")
    ps = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    c = ps.add_parser("rotate", help="add a new current key and re-encrypt every encrypted field under it")
    add_rotate_options(c)
    c.set_defaults(func=cmd_keys_rotate)

    p = sub.add_parser("check", help="report configuration problems (exit 1 on errors)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("engine", help="an organization's own engine model, learned from its reviewers' marks")
    add_engine_commands(p, cmd_engine_retrain, cmd_engine_use)

    from safepost.app import worker
    worker.register(sub)
