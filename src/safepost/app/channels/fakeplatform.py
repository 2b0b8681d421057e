"""A local fake platform that speaks enough of Mastodon's REST API for the real
`MastodonConnector` to publish, look up and delete through it, over real HTTP. For tests, the
publishing benchmark and demos; never production. No Django here.

    with FakePlatform(latency=0.05) as fp:
        credentials = {"instance": fp.url, "access_token": fp.token}
        ...
        fp.statuses            # what was published, in order
        fp.duplicates()        # post keys published more than once (must be empty)

`honor_idempotency=False` makes it ignore `Idempotency-Key`, so a duplicate caused by our side
(two workers publishing the same post) shows up in `duplicates()` instead of being absorbed.
`fail_next(status, body, headers, times)` queues error answers for the next publishes.
Run it alone: `python -m safepost.app.channels.fakeplatform --port 8790 --latency 0.05`.
"""

from __future__ import annotations

import collections
import html
import itertools
import json
import re
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

KEY_IN_TEXT = re.compile(r"\[bench:(\d+)\]")


class FakePlatform:
    def __init__(self, *, latency: float = 0.0, honor_idempotency: bool = True, token: str = "fake-token",
                 host: str = "127.0.0.1", port: int = 0) -> None:
        self.latency = latency
        self.honor_idempotency = honor_idempotency
        self.token = token
        self.statuses: list[dict[str, Any]] = []
        self.by_id: dict[str, dict[str, Any]] = {}
        self.by_key: dict[str, str] = {}
        self.key_counts: collections.Counter[str] = collections.Counter()
        self.deleted: list[str] = []
        self.requests = 0
        self._failures: list[tuple[int, dict, dict]] = []
        self._ids = itertools.count(100000)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self._server.request_queue_size = 256
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakePlatform":
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-platform", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakePlatform":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def fail_next(self, status: int, body: dict | None = None, headers: dict | None = None, times: int = 1) -> None:
        with self._lock:
            self._failures.extend([(status, body or {"error": "fake failure"}, headers or {})] * times)

    def duplicates(self) -> dict[str, int]:
        """Idempotency keys (one per post and channel) that produced more than one status."""
        return {k: n for k, n in self.key_counts.items() if n > 1}

    def texts(self) -> list[str]:
        return [s["_text"] for s in self.statuses]

    # -- HTTP -----------------------------------------------------------------------------
    def _handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True      # one response, one segment: no delayed-ACK stalls

            def log_message(self, *args: Any) -> None:   # quiet
                pass

            def _reply(self, status: int, body: Any, headers: dict | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> dict:
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n) if n else b""
                try:
                    return json.loads(raw or b"{}")
                except ValueError:
                    return {}

            def _authorized(self) -> bool:
                if self.headers.get("Authorization") != f"Bearer {platform.token}":
                    self._reply(401, {"error": "The access token is invalid"})
                    return False
                return True

            def _pause(self) -> None:
                with platform._lock:
                    platform.requests += 1
                if platform.latency:
                    time.sleep(platform.latency)

            def do_GET(self) -> None:
                self._pause()
                if not self._authorized():
                    return
                path = self.path.split("?", 1)[0]
                if path == "/api/v1/accounts/verify_credentials":
                    return self._reply(200, {"id": "1", "acct": "safepost", "username": "safepost"})
                if path == "/api/v1/accounts/1/statuses":
                    with platform._lock:
                        recent = [_public(s) for s in reversed(platform.statuses[-40:])]
                    return self._reply(200, recent)
                m = re.fullmatch(r"/api/v1/statuses/(\d+)", path)
                if m and m.group(1) in platform.by_id:
                    return self._reply(200, _public(platform.by_id[m.group(1)]))
                if path == "/api/v1/notifications":
                    return self._reply(200, [])
                self._reply(404, {"error": "Record not found"})

            def do_POST(self) -> None:
                self._pause()
                body = self._body()
                if not self._authorized():
                    return
                if self.path.split("?", 1)[0] != "/api/v1/statuses":
                    return self._reply(404, {"error": "Record not found"})
                key = self.headers.get("Idempotency-Key") or ""
                with platform._lock:
                    if platform._failures:
                        status, err, headers = platform._failures.pop(0)
                        return self._reply(status, err, headers)
                    if platform.honor_idempotency and key and key in platform.by_key:
                        return self._reply(200, _public(platform.by_id[platform.by_key[key]]))
                    sid = str(next(platform._ids))
                    text = str(body.get("status", ""))
                    status = {"id": sid, "url": f"{platform.url}/@safepost/{sid}", "uri": f"{platform.url}/s/{sid}",
                              "content": "<p>" + html.escape(text).replace("\n", "<br>") + "</p>",
                              "created_at": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
                              "favourites_count": 0, "reblogs_count": 0, "replies_count": 0,
                              "_text": text, "_key": key}
                    platform.statuses.append(status)
                    platform.by_id[sid] = status
                    if key:
                        platform.by_key.setdefault(key, sid)
                        platform.key_counts[key] += 1
                self._reply(200, _public(status))

            def do_DELETE(self) -> None:
                self._pause()
                if not self._authorized():
                    return
                m = re.fullmatch(r"/api/v1/statuses/(\d+)", self.path.split("?", 1)[0])
                with platform._lock:
                    if m and m.group(1) in platform.by_id:
                        status = platform.by_id.pop(m.group(1))
                        platform.statuses.remove(status)
                        platform.deleted.append(m.group(1))
                        return self._reply(200, _public(status))
                self._reply(404, {"error": "Record not found"})

        return Handler


def _public(status: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in status.items() if not k.startswith("_")}


def main() -> None:   # pragma: no cover - manual use
    import argparse

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=8790)
    p.add_argument("--latency", type=float, default=0.05)
    p.add_argument("--no-idempotency", action="store_true")
    a = p.parse_args()
    fp = FakePlatform(latency=a.latency, honor_idempotency=not a.no_idempotency, port=a.port).start()
    print(f"fake platform at {fp.url} (token {fp.token})", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fp.stop()


if __name__ == "__main__":   # pragma: no cover
    main()
