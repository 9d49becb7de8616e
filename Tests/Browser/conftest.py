"""Starts the built server on a free port with a temporary SQLite database and a real SMTP
server (aiosmtpd) as its mail sink, and gives tests a Chromium page (Debian's chromium, never a
downloaded one) that is checked by axe-core."""
import email
import email.policy
import itertools
import os
import threading
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]


def catalog(lang: str) -> dict:
    """One language's strings, merged from every feature's folder as the server merges them."""
    import json
    merged = {}
    for path in sorted((ROOT / "Resources" / "Locales").glob(f"*/{lang}.json")):
        merged.update(json.loads(path.read_text()))
    return merged
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", ROOT / "Tests" / "Browser" / "artifacts"))
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def server_binary() -> Path:
    explicit = os.environ.get("OPENDIASPORA_BIN")
    if explicit:
        return Path(explicit)
    return ROOT / ".build" / "debug" / "opendiaspora"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailSink:
    """An SMTP server the app sends to. It can refuse the next messages (451, as a busy server
    does) or be stopped and started again on the same port, to show that no mail is lost."""

    def __init__(self, **controller_options):
        from aiosmtpd.controller import Controller

        self.controller_options = controller_options
        self.port = free_port()
        self.messages = []
        self.refusals_left = 0
        self.refused = 0
        self.sessions = []
        self.lock = threading.Lock()
        self._controller_class = Controller
        self.controller = None

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        self.controller = self._controller_class(self, hostname="127.0.0.1", port=self.port, **self.controller_options)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def refuse_next(self, count: int):
        with self.lock:
            self.refusals_left = count

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refusals_left > 0:
                self.refusals_left -= 1
                self.refused += 1
                return "451 4.3.0 Try again later"
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append((envelope.rcpt_tos, message))
            self.sessions.append({"authenticated": session.authenticated, "tls": server.transport.get_extra_info("ssl_object") is not None})
        return "250 OK"

    def wait_for(self, address: str, subject_contains: str = "", timeout: float = 30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                for recipients, message in reversed(self.messages):
                    if address in recipients and subject_contains in str(message["subject"]):
                        return message
            time.sleep(0.2)
        raise AssertionError(f"no mail to {address} within {timeout} s")


def link_in(message, path: str) -> str:
    """The link to `path` in a mail's plain-text part."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    for word in text.split():
        if path + "?token=" in word:
            return word
    raise AssertionError(f"no {path} link in:\n{text}")


_addresses = itertools.count(10)


def client_address() -> str:
    """A distinct client address per use (sent as X-Forwarded-For; the test server trusts its
    loopback proxy), so tests do not share the per-address rate limits."""
    return f"198.51.100.{next(_addresses) % 250 + 1}"


@pytest.fixture(scope="session")
def mail_sink():
    sink = MailSink()
    sink.start()
    yield sink
    sink.stop()


class Server:
    """A running `opendiaspora serve` with a temporary SQLite database of its own."""

    def __init__(self, base_url: str, process: subprocess.Popen, log_path: Path, workdir: Path):
        self.base_url = base_url
        self.process = process
        self.log_path = log_path
        self.workdir = workdir

    def stop(self, keep_workdir: bool = False):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        if not keep_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)


def launch_server(extra_arguments=(), port=None, workdir=None, **settings) -> Server:
    """Starts the built server on a free port; `settings` are environment variables (they win over
    the defaults, DATABASE_URL included). `port` and `workdir` start it again where a stopped one
    (`stop(keep_workdir=True)`) ran, on the same SQLite database."""
    binary = server_binary()
    if not binary.exists():
        pytest.fail(f"server binary not found at {binary}; run `swift build` first")
    workdir = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="opendiaspora-browser-"))
    port = port or free_port()
    log_path = workdir / "server.log"
    base_url = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite://{workdir}/browser.sqlite",
        LOG_LEVEL="info",
        PUBLIC_URL=base_url,
        MAIL_FROM="OpenDiaspora <no-reply@opendiaspora.test>",
        MAIL_RETRY_SECONDS="1",
        TRUSTED_PROXIES="127.0.0.1",
    )
    env.update(settings)
    env.pop("TEST_DATABASE_URL", None)
    with open(log_path, "a") as log:
        process = subprocess.Popen(
            [str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(port), *extra_arguments],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    deadline = time.time() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(base_url + "/readyz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.time() > deadline:
            process.kill()
            pytest.fail(f"server did not become ready:\n{log_path.read_text()}")
        time.sleep(0.2)
    return Server(base_url, process, log_path, workdir)


@pytest.fixture(scope="session")
def server(mail_sink):
    running = launch_server(SMTP_URL=mail_sink.url)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


class CheckedPage:
    """A page whose every visited URL is checked by axe-core; any violation fails the test.

    axe-core is a script, so for a page with JavaScript off the same URL is checked in a
    second, script-enabled context holding the same cookies (same language, same page)."""

    def __init__(self, page, axe, base_url, browser=None):
        self.page = page
        self.axe = axe
        self.base_url = base_url
        self.browser = browser

    def visit(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.assert_accessible()
        return response

    def assert_accessible(self):
        if self.browser is None:
            self._check(self.page)
            return
        viewport = self.page.viewport_size
        context = make_context(self.browser, viewport=viewport)
        context.add_cookies(self.page.context.cookies())
        mirror = context.new_page()
        mirror.goto(self.page.url)
        try:
            self._check(mirror)
        finally:
            context.close()

    def _check(self, page):
        results = self.axe.run(page)
        violations = results.response["violations"]
        assert violations == [], f"axe violations on {page.url}:\n{results.generate_report()}"


def make_context(browser, **options):
    options.setdefault("locale", "en-GB")
    options.setdefault("extra_http_headers", {"X-Forwarded-For": client_address()})
    return browser.new_context(**options)


@pytest.fixture
def checked_page(browser, axe, server):
    context = make_context(browser)
    page = context.new_page()
    yield CheckedPage(page, axe, server.base_url)
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
