#!/usr/bin/env python3
"""Hostile request bodies, timed: the reproductions of the outside security probe (50,000 tiny
multipart parts, 10,000 repeated field names, a 5 MB field, a 1 MB part header, a multipart
boundary that never closes, a filter repeated 8,000 times), each sent N times to a server of its
own with a temporary SQLite database. For each it reports the status, the client-side wall time
of the whole request (first byte sent to the answer read) as p50 / p95 / max, and the p95 of
`/healthz` asked on another connection while 4 copies of the reproduction run in parallel (each
copy sending it N times). A plain `POST /login` with a small form is timed for comparison.

    python3 Benchmarks/hostile_bodies.py [--binary .build-release/release/opendiaspora] [--repeat 20]

Standard library only. Prints a Markdown table ready to paste."""
import argparse
import http.client
import itertools
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long and quiet benchmark river"
PIECE = 64 * 1024
PARALLEL = 4

_addresses = itertools.count(1)


def client_address() -> str:
    """A distinct client address per use (198.18.0.0/15, for benchmarks), sent as X-Forwarded-For:
    the server trusts its loopback proxy, so per-address sign-in limits never bite."""
    n = next(_addresses)
    return f"198.18.{n // 250 % 250}.{n % 250 + 1}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# MARK: - Requests on raw sockets

class Result:
    def __init__(self, status, seconds, headers=None, body=b""):
        self.status = status
        self.seconds = seconds
        self.headers = headers
        self.body = body


def send(port, method, path, headers=None, body=b"", timeout=60.0) -> Result:
    """Exactly these bytes on a new connection; the time runs from the first byte sent to the
    last byte of the answer read. A refusal that closes the connection under the rest of the body
    is still read; a failure is reported as its exception's name, never raised."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError as error:
        return Result(type(error).__name__, 0.0)
    start = time.perf_counter()
    try:
        try:
            sock.sendall(head)
            view = memoryview(body)
            for offset in range(0, len(body), PIECE):
                sock.sendall(view[offset:offset + PIECE])
        except (BrokenPipeError, ConnectionResetError):
            pass  # answered early and closed: the answer is read below
        response = http.client.HTTPResponse(sock, method=method)
        response.begin()
        data = response.read()
        return Result(response.status, time.perf_counter() - start, response.headers, data)
    except OSError as error:
        return Result(type(error).__name__, time.perf_counter() - start)
    except http.client.HTTPException as error:
        return Result(type(error).__name__, time.perf_counter() - start)
    finally:
        sock.close()


class Health:
    """`/healthz` on one keep-alive connection of its own (reopened if it fails)."""

    def __init__(self, port, timeout=10.0):
        self.port, self.timeout = port, timeout
        self.connection = None

    def latency(self):
        for _ in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            start = time.perf_counter()
            try:
                self.connection.request("GET", "/healthz")
                response = self.connection.getresponse()
                response.read()
                if response.status == 200:
                    return time.perf_counter() - start
            except (OSError, http.client.HTTPException):
                pass
            self.connection.close()
            self.connection = None
        return None  # no answer: counted as a failure

    def close(self):
        if self.connection:
            self.connection.close()


# MARK: - The server

class Server:
    def __init__(self, binary: Path, workdir: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite://{workdir / 'bench.sqlite'}",
            "PUBLIC_URL": self.base,
            "TRUSTED_PROXIES": "127.0.0.1",
            "LOG_LEVEL": "warning",
            "MAIL_FROM": "OpenDiaspora <no-reply@opendiaspora.test>",
        }
        for name in ("SMTP_URL", "SERVER_TIMING", "TEST_DATABASE_URL"):
            env.pop(name, None)
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/readyz")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
                connection.close()
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"the server did not become ready:\n{self.log_tail()}")
            time.sleep(0.1)

    def log_tail(self, lines=30):
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.log.close()


def json_call(port, path, body, headers=None) -> Result:
    return send(port, "POST", path, {"Content-Type": "application/json", "X-Forwarded-For": client_address(), **(headers or {})},
                json.dumps(body).encode())


def cookie(result: Result, name: str):
    for header in (result.headers.get_all("Set-Cookie") or []) if result.headers else []:
        if header.startswith(name + "="):
            return header.split(";")[0]
    return None


def make_member(port):
    """Registers through the API (202 at once; the background worker makes the member within a
    few seconds), then signs in until that works. Returns the address and the session cookie."""
    address = f"bench-{os.getpid()}-{int(time.time())}@example.org"
    registered = json_call(port, "/api/v1/auth/register", {"email": address, "password": PASSWORD, "displayName": "Bench"})
    if registered.status != 202:
        raise SystemExit(f"registration answered {registered.status}: {registered.body[:300]!r}")
    deadline = time.monotonic() + 60
    while True:
        login = json_call(port, "/api/v1/auth/login", {"email": address, "password": PASSWORD})
        if login.status == 200:
            session = cookie(login, "od_session")
            if not session:
                raise SystemExit("signing in set no session cookie")
            return address, session
        if time.monotonic() > deadline:
            raise SystemExit(f"the member could not sign in within 60 s (last answer {login.status}: {login.body[:300]!r})")
        time.sleep(0.25)


# MARK: - The reproductions

def tiny_parts(count, boundary=b"XyZ") -> bytes:
    part = b'--%s\r\nContent-Disposition: form-data; name="k%d"\r\n\r\nv\r\n'
    return b"".join(part % (boundary, i) for i in range(count)) + b"--%s--\r\n" % boundary


def reproductions(session):
    """(name, method, path, headers, body) as the probe sent them."""
    multipart = {"Content-Type": "multipart/form-data; boundary=XyZ"}
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    signed_out = {"Cookie": "od_csrf=x"}
    signed_in = {"Cookie": session}
    parts = tiny_parts(50_000)
    repeated = b"&".join(b"email=a" for _ in range(10_000))
    big_field = b"email=" + b"a" * 5_000_000
    long_header = (b'--XyZ\r\nContent-Disposition: form-data; name="photo"; filename="' + b"a" * 1_000_000
                   + b'.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ--\r\n')
    unclosed = b'--XyZ\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n\r\n\x89PNG' + b"\x00" * 5_000_000
    origins = "&".join(["origin=SN"] * 8000)
    return [
        ("50,000 parts → POST /login (signed out)", "POST", "/login", {**multipart, **signed_out}, parts),
        ("50,000 parts → POST /me/profile (signed in)", "POST", "/me/profile", {**multipart, **signed_in}, parts),
        ("50,000 parts → POST /me/photo (signed in)", "POST", "/me/photo", {**multipart, **signed_in}, parts),
        ("10,000 repeated fields → POST /login", "POST", "/login", {**form, **signed_out}, repeated),
        ("10,000 repeated fields → POST /me/profile (signed in)", "POST", "/me/profile", {**form, **signed_in}, repeated),
        ("5 MB field → POST /login", "POST", "/login", {**form, **signed_out}, big_field),
        ("5 MB field → POST /me/profile (signed in)", "POST", "/me/profile", {**form, **signed_in}, big_field),
        ("1 MB part header → POST /me/photo (signed in)", "POST", "/me/photo", {**multipart, **signed_in}, long_header),
        ("unclosed boundary, 5 MB → POST /me/photo (signed in)", "POST", "/me/photo", {**multipart, **signed_in}, unclosed),
        ("origin=SN ×8,000 → GET /members", "GET", "/members?" + origins, {}, b""),
        ("origin=SN ×8,000 → GET /api/v1/members", "GET", "/api/v1/members?" + origins, {}, b""),
    ]


def statuses(results):
    counts = {}
    for result in results:
        counts[str(result.status)] = counts.get(str(result.status), 0) + 1
    return ", ".join(status if n == len(results) else f"{status} ×{n}" for status, n in sorted(counts.items()))


def timed(results):
    times = [r.seconds * 1000 for r in results]
    return percentile(times, 0.5), percentile(times, 0.95), max(times)


def with_fresh_address(headers):
    return {**headers, "X-Forwarded-For": client_address()}


def sequential(port, method, path, headers, body, repeat):
    return [send(port, method, path, with_fresh_address(headers), body) for _ in range(repeat)]


def health_under_load(port, method, path, headers, body, repeat):
    """/healthz latencies (ms) on its own connection while PARALLEL copies of the request each
    send it `repeat` times; also the statuses those copies got."""
    results, lock = [], threading.Lock()

    def copy():
        for _ in range(repeat):
            result = send(port, method, path, with_fresh_address(headers), body)
            with lock:
                results.append(result)

    health = Health(port)
    latencies, failures = [], 0
    workers = [threading.Thread(target=copy, daemon=True) for _ in range(PARALLEL)]
    try:
        for worker in workers:
            worker.start()
        deadline = time.monotonic() + 600
        while any(worker.is_alive() for worker in workers) and time.monotonic() < deadline:
            latency = health.latency()
            if latency is None:
                failures += 1
            else:
                latencies.append(latency * 1000)
            time.sleep(0.005)
        for worker in workers:
            worker.join(timeout=60)
    finally:
        health.close()
    return latencies, failures, results


def plain_login(port, address, repeat):
    """A visitor's ordinary sign-in: GET /login for the form's token, then POST the small form
    (right password); only the POST is timed."""
    results, form = [], b""
    for _ in range(repeat):
        visitor = client_address()
        page = send(port, "GET", "/login", {"X-Forwarded-For": visitor})
        csrf_cookie = cookie(page, "od_csrf")
        found = re.search(rb'name="csrf_token" value="([^"]*)"', page.body or b"")
        if page.status != 200 or not csrf_cookie or not found:
            raise SystemExit(f"the sign-in page gave no CSRF token ({page.status})")
        form = urllib.parse.urlencode({"csrf_token": found.group(1).decode(), "email": address, "password": PASSWORD}).encode()
        results.append(send(port, "POST", "/login", {"Content-Type": "application/x-www-form-urlencoded",
                                                     "Cookie": csrf_cookie, "X-Forwarded-For": visitor}, form))
    return results, len(form)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, default=ROOT / ".build-release" / "release" / "opendiaspora")
    parser.add_argument("--repeat", type=int, default=20, help="times each reproduction is sent (default 20)")
    arguments = parser.parse_args()
    binary = arguments.binary if arguments.binary.is_absolute() else (Path.cwd() / arguments.binary)
    if not binary.exists():
        raise SystemExit(f"no server binary at {binary} (build it, or pass --binary)")
    repeat = max(1, arguments.repeat)

    workdir = Path(tempfile.mkdtemp(prefix="od-hostile-"))
    server = None
    try:
        server = Server(binary, workdir)
        port = server.port
        address, session = make_member(port)
        idle = Health(port)
        for _ in range(20):  # warm-up
            idle.latency()
        idle_latencies = [v * 1000 for v in (idle.latency() for _ in range(max(40, repeat * 5))) if v is not None]
        idle.close()
        rows = []
        for name, method, path, headers, body in reproductions(session):
            alone = sequential(port, method, path, headers, body, repeat)
            latencies, failures, parallel = health_under_load(port, method, path, headers, body, repeat)
            rows.append((name, size_of(path, body), alone, parallel, latencies, failures))
            print(f"measured: {name}", file=sys.stderr, flush=True)
        baseline, form_size = plain_login(port, address, repeat)
        if server.process.poll() is not None:
            raise SystemExit(f"the server died during the run:\n{server.log_tail()}")
        server.log.flush()
        # LOG_LEVEL=warning: whatever the server logged is worth reading.
        logged = [line for line in server.log_path.read_text(errors="replace").splitlines() if line.strip()]
    finally:
        if server:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\n## Hostile bodies — `{binary.name}` ({binary}), {repeat} requests each, {os.cpu_count()} cores\n")
    print(f"Wall time per request, client side, first byte sent to answer read. `/healthz` p95 on its own "
          f"connection while {PARALLEL} copies run in parallel (each sending it {repeat} times).\n")
    print(f"| reproduction | body | status | p50 ms | p95 ms | max ms | /healthz p95 ms, {PARALLEL} in parallel |")
    print("|---|---|---|---|---|---|---|")
    for name, size, alone, parallel, latencies, failures in rows:
        p50, p95, worst = timed(alone)
        health = f"{percentile(latencies, 0.95):.1f}" if latencies else "—"
        if failures:
            health += f" ({failures} unanswered)"
        shown = statuses(alone) if statuses(alone) == statuses(parallel) else f"{statuses(alone)}; in parallel {statuses(parallel)}"
        print(f"| {name} | {size} | {shown} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {health} (n={len(latencies)}) |")
    p50, p95, worst = timed(baseline)
    print(f"| plain POST /login, small form, right password (comparison) | {human(form_size)} | {statuses(baseline)} "
          f"| {p50:.1f} | {p95:.1f} | {worst:.1f} | — |")
    if logged:
        print(f"\nThe server logged {len(logged)} line(s) at warning or above; the first ones:\n")
        for line in logged[:10]:
            print(f"    {line[:300]}")
    if idle_latencies:
        print(f"\n`/healthz` alone: p50 {statistics.median(idle_latencies):.1f} ms, p95 {percentile(idle_latencies, 0.95):.1f} ms.")


def human(count):
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f} MB"
    if count >= 1000:
        return f"{count / 1000:.0f} kB"
    return f"{count} B"


def size_of(path, body):
    """The body's size, or for a GET the query string's."""
    return human(len(body)) if body else human(len(path.split("?", 1)[-1])) + " query"


if __name__ == "__main__":
    main()
