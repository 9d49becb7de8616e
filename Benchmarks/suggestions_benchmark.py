#!/usr/bin/env python3
""""People you may want to meet" at scale: on a database seeded with `seed-demo` (seeded here, or
one reused with `--sqlite-file` / `--postgres-seeded`), creates a few real members through the
public routes only, with profiles of different shapes, and times for each of them
`GET /api/v1/suggestions` (bearer token) and the signed-in home page `/` (session cookie), which
shows the same suggestions: the server's own time from `Server-Timing: app;dur=`, p50 and p95 of
40 requests after 5 warm-up ones, and how many suggestions each got.

How a viewer is made, as a person would make it (no backdoor in the server): register through
`POST /api/v1/auth/register`; read the verification mail in an SMTP sink this script runs
(aiosmtpd); open its link (`GET /verify?token=…`) and press the page's button (`POST /verify`
with the page's CSRF token and cookie); sign in through `POST /api/v1/auth/login` (a session
cookie and its CSRF token); create an API token through `POST /api/v1/tokens`; fill in the
profile through `PATCH /api/v1/me/profile`. A viewer made by an earlier run on the same database
(same address, same password) signs in instead of registering again, so reruns add nobody. Each
viewer speaks from its own documentation address (X-Forwarded-For from 198.51.100.0/24, the
server trusting its loopback proxy), so the per-address sign-up limit does not stop a rerun.

    /tmp/venv/bin/python Benchmarks/suggestions_benchmark.py --binary .build-release/release/opendiaspora \
        --sqlite-file /tmp/bench/million.sqlite
    … --postgres postgres://postgres@127.0.0.1:55432/od_bench [--postgres-seeded]

Needs aiosmtpd (`pip install aiosmtpd`) besides the standard library."""
import argparse
import email
import email.policy
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory_benchmark import ROOT, free_port, percentile, run  # noqa: E402

SAMPLES = 40
WARMUP = 5
PASSWORD = "benchmark viewer passphrase 2026"

# The viewers: the shapes a profile takes. Codes are the reference data's (countries, languages,
# skills, topics); seed 1's busiest corridor is Mexico → United States, one of its rarest Cape
# Verde → Portugal.
VIEWERS = [
    ("common: origin MX, lives in Los Angeles US", "mx-us", {
        "countriesOfOrigin": ["MX"], "countryOfResidence": "US", "city": "Los Angeles",
        "languages": ["es", "en"], "expertise": ["software-development", "data-science"],
        "interests": ["quality-education", "decent-work-and-economic-growth"]}),
    ("city: origin SN, lives in Paris FR", "sn-fr", {
        "countriesOfOrigin": ["SN"], "countryOfResidence": "FR", "city": "Paris",
        "languages": ["fr", "wo"], "expertise": ["public-finance"], "interests": ["good-health-and-well-being"]}),
    ("rare: origin CV, lives in Lisbon PT", "cv-pt", {
        "countriesOfOrigin": ["CV"], "countryOfResidence": "PT", "city": "Lisbon",
        "languages": ["pt"], "expertise": ["microfinance"], "interests": ["life-below-water"]}),
    ("rich: 5 origins, 10 languages, 20 skills, all 17 causes", "rich", {
        "countriesOfOrigin": ["IN", "NG", "PH", "MA", "SY"], "countryOfResidence": "GB", "city": "London",
        "languages": ["en", "fr", "es", "ar", "hi", "pt", "de", "it", "tl", "yo"],
        "expertise": ["medicine", "nursing", "public-health", "teaching", "e-learning", "statistics",
                      "software-development", "data-science", "civil-engineering", "renewable-energy",
                      "agronomy", "remittances", "microfinance", "entrepreneurship", "supply-chain",
                      "human-rights", "public-policy", "refugee-assistance", "social-work", "journalism"],
        "interests": ["no-poverty", "zero-hunger", "good-health-and-well-being", "quality-education",
                      "gender-equality", "clean-water-and-sanitation", "affordable-and-clean-energy",
                      "decent-work-and-economic-growth", "industry-innovation-and-infrastructure",
                      "reduced-inequalities", "sustainable-cities-and-communities",
                      "responsible-consumption-and-production", "climate-action", "life-below-water",
                      "life-on-land", "peace-justice-and-strong-institutions", "partnerships-for-the-goals"]}),
    ("almost empty: one origin (required), nothing else", "sparse", {"countriesOfOrigin": ["KE"]}),
]


class MailSink:
    """An SMTP server (aiosmtpd) that keeps every mail it is given."""

    def __init__(self):
        from aiosmtpd.controller import Controller
        self.port = free_port()
        self.messages = []
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=email.policy.default)))
        return "250 OK"

    def link(self, address, path, timeout=60):
        """The `path?token=` link of the newest mail to `address`."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                for recipients, message in reversed(self.messages):
                    if address in recipients:
                        text = message.get_body(preferencelist=("plain",)).get_content()
                        for word in text.split():
                            if path + "?token=" in word:
                                return word
            time.sleep(0.2)
        raise SystemExit(f"no {path} mail to {address} within {timeout} s")

    def stop(self):
        self.controller.stop()


class Server:
    def __init__(self, binary, env, log):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(env, SERVER_TIMING="1", PUBLIC_URL=self.base, TRUSTED_PROXIES="127.0.0.1",
                   MAIL_FROM="OpenDiaspora <no-reply@opendiaspora.test>", MAIL_RETRY_SECONDS="1")
        self.process = subprocess.Popen([str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(600):
            try:
                urllib.request.urlopen(self.base + "/readyz", timeout=1).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(f"the server exited ({self.process.returncode}); see {log.name}")
                time.sleep(0.1)
        raise SystemExit("the server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class Client:
    """One person's browser or app: their cookies, their address, no redirects followed."""

    def __init__(self, server, address):
        self.server = server
        self.address = address
        self.cookies = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)

    def request(self, method, path, body=None, form=None, headers=None):
        headers = {"X-Forwarded-For": self.address, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in header or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response.status, response.headers, data

    def expect(self, status, method, path, **options):
        got, headers, data = self.request(method, path, **options)
        if got != status:
            raise SystemExit(f"{method} {path}: {got}, expected {status}: {data[:500]!r}")
        return headers, data


def make_viewer(server, sink, slug, profile, number):
    """A signed-in member with this profile: (API token, session client, token id)."""
    address = f"bench-viewer-{slug}@opendiaspora.test"
    client = Client(server, f"198.51.100.{number + 10}")
    status, _, data = client.request("POST", "/api/v1/auth/login", body={"email": address, "password": PASSWORD})
    if status == 401:
        client.expect(202, "POST", "/api/v1/auth/register",
                      body={"email": address, "password": PASSWORD, "displayName": f"Benchmark viewer {slug}", "locale": "en"})
        verify(client, sink.link(address, "/verify"))
        _, data = client.expect(200, "POST", "/api/v1/auth/login", body={"email": address, "password": PASSWORD})
    elif status != 200:
        raise SystemExit(f"sign-in of {address}: {status} {data[:300]!r}")
    answer = json.loads(data)
    csrf = answer["csrfToken"]
    if not answer["member"]["emailVerified"]:
        # Made by a run that stopped before verifying: ask for the mail again, as the page offers.
        sink_count = len(sink.messages)
        client.expect(303, "POST", "/verify/resend", form={"csrf_token": csrf})
        while len(sink.messages) == sink_count:
            time.sleep(0.2)
        verify(client, sink.link(address, "/verify"))
    _, data = client.expect(201, "POST", "/api/v1/tokens", body={"name": "suggestions benchmark"}, headers={"X-CSRF-Token": csrf})
    created = json.loads(data)
    token = created["token"]
    empty = {"countriesOfOrigin": [], "countryOfResidence": "", "city": "", "languages": [], "expertise": [], "interests": []}
    client.expect(200, "PATCH", "/api/v1/me/profile", body={**empty, **profile}, headers={"Authorization": f"Bearer {token}"})
    return token, client, created["id"], csrf


def verify(client, link):
    """Opens the mail's link and presses the page's button, as a person does."""
    path = link[link.index("/verify"):]
    _, data = client.expect(200, "GET", path)
    page = data.decode()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    client.expect(303, "POST", "/verify", form={"csrf_token": csrf, "token": token})


def timed(client, path, headers=None):
    status, response_headers, data = client.request("GET", path, headers=headers)
    if status != 200:
        raise SystemExit(f"GET {path}: {status} {data[:300]!r}")
    return float(response_headers["Server-Timing"].split("dur=")[1]), data


def measure(server, sink):
    rows = []
    for number, (shape, slug, profile) in enumerate(VIEWERS):
        token, session, token_id, csrf = make_viewer(server, sink, slug, profile, number)
        api = Client(server, session.address)
        bearer = {"Authorization": f"Bearer {token}"}
        for _ in range(WARMUP):
            timed(api, "/api/v1/suggestions", bearer)
        api_times = []
        for _ in range(SAMPLES):
            duration, data = timed(api, "/api/v1/suggestions", bearer)
            api_times.append(duration)
        items = json.loads(data)["items"]
        for _ in range(WARMUP):
            timed(session, "/")
        page_times = [timed(session, "/")[0] for _ in range(SAMPLES)]
        # Leave no token behind; the member and their profile stay for the next run.
        session.expect(204, "DELETE", f"/api/v1/tokens/{token_id}", headers={"X-CSRF-Token": csrf})
        facets = {}
        for item in items:
            for reason in item["reasons"]:
                facets[reason["facet"]] = facets.get(reason["facet"], 0) + 1
        rows.append({"shape": shape, "found": len(items),
                     "reasons": ", ".join(f"{facet} {count}" for facet, count in sorted(facets.items(), key=lambda f: -f[1])),
                     "api": (percentile(api_times, 0.5), percentile(api_times, 0.95)),
                     "page": (percentile(page_times, 0.5), percentile(page_times, 0.95))})
        print(f"  {shape}: {len(items)} suggestions, API p95 {rows[-1]['api'][1]:.1f} ms, page p95 {rows[-1]['page'][1]:.1f} ms",
              file=sys.stderr)
    return rows


def report(title, seed_seconds, rows):
    print(f"\n## {title}\n")
    if seed_seconds:
        print(f"seed: {seed_seconds:.0f} s\n")
    print("| viewer | suggestions | reasons given | API p50 ms | API p95 ms | home page p50 ms | home page p95 ms | API p95 ≤ 50 |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['shape']} | {row['found']} | {row['reasons']} | {row['api'][0]:.1f} | {row['api'][1]:.1f} | "
              f"{row['page'][0]:.1f} | {row['page'][1]:.1f} | {'✓' if row['api'][1] <= 50 else '✗'} |")


def bench(binary, env, title, seed_seconds, work, settle):
    sink = MailSink()
    with open(work / "server.log", "a") as log:
        server = Server(binary, dict(env, SMTP_URL=f"smtp://127.0.0.1:{sink.port}"), log)
        try:
            time.sleep(settle)
            rows = measure(server, sink)
        finally:
            server.stop()
            sink.stop()
    report(title, seed_seconds, rows)


def main():
    global SAMPLES, WARMUP
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, type=Path)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--sqlite-file", type=Path, help="a SQLite file seeded earlier (reused, viewers added once)")
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    parser.add_argument("--postgres", help="a PostgreSQL database URL to benchmark too (its public schema is replaced unless --postgres-seeded)")
    parser.add_argument("--postgres-seeded", action="store_true", help="measure the PostgreSQL database as it is (seeded earlier)")
    parser.add_argument("--settle", type=float, default=0.0,
                        help="seconds to wait after the server starts: a reused database's directory counts older than ten minutes are recounted first")
    parser.add_argument("--samples", type=int, default=SAMPLES, help="timed requests per viewer and path")
    parser.add_argument("--warmup", type=int, default=WARMUP, help="untimed requests before them")
    arguments = parser.parse_args()
    SAMPLES, WARMUP = arguments.samples, arguments.warmup
    binary = arguments.binary.resolve()
    base_env = {**os.environ, "LOG_LEVEL": "warning", "PASSWORD_HASH_COST": "4"}
    base_env.pop("TEST_DATABASE_URL", None)
    work = Path(tempfile.mkdtemp(prefix="od-suggestions-bench-"))
    print(f"server logs in {work}", file=sys.stderr)

    if not arguments.no_sqlite:
        database = arguments.sqlite_file or work / "bench.sqlite"
        env = {**base_env, "DATABASE_URL": f"sqlite://{database.resolve()}"}
        seed_seconds = 0.0
        if not arguments.sqlite_file:
            seed_seconds = run(binary, ["seed-demo", "--members", str(arguments.members), "--seed", "1"], env)
        bench(binary, env, f"SQLite, {arguments.members:,} members", seed_seconds, work, arguments.settle)

    if arguments.postgres:
        env = {**base_env, "DATABASE_URL": arguments.postgres}
        seed_seconds = 0.0
        if not arguments.postgres_seeded:
            subprocess.run(["psql", arguments.postgres, "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True)
            seed_seconds = run(binary, ["seed-demo", "--members", str(arguments.members), "--seed", "1"], env)
            subprocess.run(["psql", arguments.postgres, "-q", "-c", "VACUUM ANALYZE;"], check=True)
        bench(binary, env, f"PostgreSQL, {arguments.members:,} members", seed_seconds, work, arguments.settle)


if __name__ == "__main__":
    main()
