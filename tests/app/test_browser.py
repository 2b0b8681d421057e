"""In a real browser (Debian's headless Chromium, driven by Playwright) against a real
`safepost serve --demo` process on an empty data directory: start-up, sign-in with TOTP,
second-factor enrolment, the Scan page highlighting as one types, no CSP violations."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pyotp
import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SAFEPOST = str(Path(sys.executable).with_name("safepost"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env: dict, port: int):
        self.env, self.port = env, port
        self.url = f"http://127.0.0.1:{port}"
        self.output = ""
        self.later: list[str] = []    # what the server prints after start-up (drained, so it never blocks)

    def log_tail(self, lines: int = 40) -> str:
        return "".join(self.later[-lines:])

    def run(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([SAFEPOST, *args], env=self.env, capture_output=True, text=True, input=input,
                              timeout=60)


def _drain(stream, into: list[str]) -> None:
    for line in stream:
        into.append(line)


@pytest.fixture(scope="module")
def server():
    data = tempfile.mkdtemp(prefix="safepost-browser-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFEPOST_", "DJANGO_"))}
    env["SAFEPOST_DATA_DIR"] = data
    pg_db = None
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        import psycopg

        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        pg_db = f"safepost_browser_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_db}"')
        env["DATABASE_URL"] = f"{base}/{pg_db}"
    port = free_port()
    srv = Server(env, port)
    t0 = time.monotonic()
    proc = subprocess.Popen([SAFEPOST, "serve", "--demo", "--with-worker", "--port", str(port), "--workers", "2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        while True:
            try:
                with urllib.request.urlopen(srv.url + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert proc.poll() is None, "safepost serve exited early"
            assert time.monotonic() - t0 < 60, "safepost serve did not come up"
            time.sleep(0.05)
        lines = []
        while not any(l.startswith("  (add the TOTP key") for l in lines):
            lines.append(proc.stdout.readline())
        lines.append(proc.stdout.readline())              # the background worker's line
        srv.output = "".join(lines)
        threading.Thread(target=_drain, args=(proc.stdout, srv.later), daemon=True).start()
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        srv.stopped = True
        if pg_db:
            import psycopg

            with psycopg.connect(os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda m: page.csp_violations.append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    yield page
    context.close()


def test_serve_starts_on_an_empty_data_directory_and_prints_the_demo_logins(server):
    # How fast it starts is a benchmark (bench/load_scan.py reports cold_start_s), not a test.
    assert "admin@demo.test" in server.output and "auditor@demo.test" in server.output
    assert re.search(r"privacy@demo\.test\s+TOTP key: [A-Z2-7]{32}", server.output)


def sign_in(page, server, email, password="safepost-demo-password"):
    page.goto(server.url + "/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()


def test_serve_with_worker_runs_the_background_worker_and_stops_it_on_exit(server):
    pid = int(re.search(r"Background worker started \(pid (\d+)\)", server.output).group(1))
    os.kill(pid, 0)                                   # alive while the service runs
    cmdline = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
    assert b"worker" in cmdline


def test_a_privacy_officer_signs_in_with_totp_and_scans(page, server):
    secret = re.search(r"privacy@demo\.test\s+TOTP key: ([A-Z2-7]+)", server.output).group(1)
    sign_in(page, server, "privacy@demo.test")
    page.wait_for_url("**/login/code/")
    page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/o/demo/")
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit").is_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Scan").click()
    page.wait_for_url("**/o/demo/scan/")

    # typing (no button press) updates the result through htmx
    page.get_by_label("Text").press_sequentially("Jane Roe, SSN 123-45-6789, after her surgery", delay=5)
    page.wait_for_selector("#scan-result [data-verdict]")
    verdict = page.get_attribute("#scan-result [data-verdict]", "data-verdict")
    assert verdict in ("ALLOW", "NEEDS_AUTHORIZATION", "BLOCK", "PRIVATE_FOLLOW_UP")
    marks = page.locator("#scan-result mark")
    if verdict != "ALLOW":   # with a working engine the SSN is highlighted as PHI
        page.wait_for_selector("#scan-result mark.phi")
        assert "123-45-6789" in " ".join(marks.all_inner_texts())
    assert page.csp_violations == []
    if os.environ.get("SAFEPOST_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SAFEPOST_SCREENSHOTS"], "scan.png"), full_page=True)

    # the audit page shows the sign-in
    page.get_by_role("link", name="Audit").click()
    assert page.get_by_role("cell", name="auth.login").first.is_visible()


def test_an_admin_without_a_second_factor_enrols_on_first_sign_in(page, server):
    pw = tempfile.NamedTemporaryFile("w", delete=False)
    pw.write("another long passphrase\n")
    pw.close()
    r = server.run("createuser", "--org", "demo", "--email", "newadmin@demo.test", "--role", "admin",
                   "--password-file", pw.name)
    assert r.returncode == 0, r.stderr
    sign_in(page, server, "newadmin@demo.test", "another long passphrase")
    page.wait_for_url("**/login/setup-2fa/")
    assert page.get_by_role("img", name=re.compile("QR code")).is_visible()
    secret = page.inner_text("#totp-secret").strip()
    page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on and sign in").click()
    page.wait_for_url("**/o/demo/")
    assert page.csp_violations == []


def test_a_wrong_password_shows_a_clear_message(page, server):
    sign_in(page, server, "author@demo.test", "not the password at all")
    assert page.get_by_role("alert").inner_text().startswith("Sign-in failed")


def test_the_page_works_on_a_phone_sized_screen(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, server, "author@demo.test")
    page.wait_for_url("**/o/demo/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    context.close()


def test_the_api_docs_page_renders_under_the_strict_csp(page, server):
    page.goto(server.url + "/api/docs")
    page.get_by_text("/api/v1/scan", exact=True).first.wait_for()
    assert page.csp_violations == []


def test_stopping_serve_stops_its_background_worker(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFEPOST_", "DJANGO_", "DATABASE_URL"))}
    env["SAFEPOST_DATA_DIR"] = str(tmp_path)
    port = free_port()
    proc = subprocess.Popen([SAFEPOST, "serve", "--with-worker", "--port", str(port), "--workers", "1"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = ""
        t0 = time.monotonic()
        while "Background worker started" not in line:
            line = proc.stdout.readline()
            assert line or proc.poll() is None, "serve exited early"
            assert time.monotonic() - t0 < 60
        pid = int(re.search(r"pid (\d+)", line).group(1))
        os.kill(pid, 0)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the background worker outlived `safepost serve`")
