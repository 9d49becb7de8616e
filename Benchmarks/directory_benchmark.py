#!/usr/bin/env python3
"""The directory at scale: seeds N members (default 1,000,000) with `seed-demo`, then measures
(a) for 20 fixed directory queries the server-side time (W3C `Server-Timing: app;dur=`), p50 and
p95, next to the database alone running the same statements (the floor), and (b) with `wrk`,
requests per second of the directory page next to the bare `/healthz` route of the same server,
with the server's peak RSS under that load.

    python3 Benchmarks/directory_benchmark.py --binary .build-release/release/opendiaspora
    python3 Benchmarks/directory_benchmark.py --binary … --postgres postgres://postgres@127.0.0.1:5432/bench

Standard library only (PostgreSQL's floor is read from EXPLAIN ANALYZE through `psql`)."""
import argparse
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (group, query string). Fixed, so runs compare; every one returns members with seed 1.
QUERIES = [
    ("text + 2 filters", "q=nurse&origin=SN&residence=FR"),
    ("text + 2 filters", "q=software&origin=IN&residence=AE"),
    ("text + 2 filters", "q=maria&origin=MX&language=es"),
    ("text + 2 filters", "q=teacher&origin=MA&residence=ES"),
    ("text + 2 filters", "q=health&origin=NG&residence=GB"),
    ("filters only", ""),
    ("filters only", "origin=MX&residence=US"),
    ("filters only", "origin=PH&residence=SA"),
    ("filters only", "skill=nursing&language=fr"),
    ("filters only", "origin=SN&origin=ML&skill=public-health"),
    ("rare text", "q=hamilton"),
    ("rare text", "q=braga"),
    ("rare text", "q=nguyen%20houston"),
    ("rare text", "q=kisumu"),
    ("rare text", "q=charleroi"),
    ("common text", "q=engineer"),
    ("common text", "q=health"),
    ("common text", "q=maria"),
    ("common text", "q=development"),
    ("common text", "q=teacher"),
]
SAMPLES = 40
WARMUP = 5
WRK_SECONDS = 15


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run(binary, args, env):
    started = time.time()
    subprocess.run([str(binary), *args], env=env, cwd=ROOT, check=True)
    return time.time() - started


class Server:
    def __init__(self, binary, env):
        self.port = free_port()
        # The server sends Server-Timing only when asked to.
        env = dict(env, SERVER_TIMING="1")
        self.process = subprocess.Popen([str(binary), "serve", "--port", str(self.port)], env=env, cwd=ROOT,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("the server did not start")

    def timing(self, path):
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            response.read()
            header = response.headers["Server-Timing"]
        return float(header.split("dur=")[1])

    def rss_mb(self):
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def measure_server(server):
    results = []
    for group, query in QUERIES:
        path = "/api/v1/members" + ("?" + query if query else "")
        for _ in range(WARMUP):
            server.timing(path)
        times = [server.timing(path) for _ in range(SAMPLES)]
        with urllib.request.urlopen(server.base + path, timeout=30) as response:
            found = len(json.load(response)["items"])
        results.append({"group": group, "query": query or "(none)", "found": found,
                        "p50": percentile(times, 0.5), "p95": percentile(times, 0.95)})
    return results


def wrk(url, seconds=None):
    seconds = seconds or WRK_SECONDS
    if not shutil.which("wrk"):
        return None
    output = subprocess.run(["wrk", "-t2", "-c64", f"-d{seconds}s", url], capture_output=True, text=True, check=True).stdout
    for line in output.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    return None


WRK_DISTINCT = """
-- Every request a different filtered page, so none is served from the visitors' page cache.
counter = 0
request = function()
  counter = counter + 1
  local origins = {"MX", "IN", "PH", "NG", "SN", "MA", "CN", "PK", "BD", "SY"}
  local skills = {"nursing", "public-health", "software-development", "teaching", "agronomy"}
  return wrk.format("GET", "/members?origin=" .. origins[counter % 10 + 1] .. "&skill=" .. skills[counter % 5 + 1] .. "&n=" .. counter)
end
"""


def wrk_distinct(base, seconds=None):
    seconds = seconds or WRK_SECONDS
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_DISTINCT)
    output = subprocess.run(["wrk", "-t2", "-c64", f"-d{seconds}s", "-s", script.name, base], capture_output=True, text=True, check=True).stdout
    for line in output.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    return None


def load_test(server):
    peak = server.rss_mb()
    results = {}
    for name, path in [("bare /healthz", "/healthz"), ("directory page /members (visitors share it for 5 s)", "/members"),
                       ("directory page, filtered, each request a new page", None),
                       ("directory API, two filters (never kept)", "/api/v1/members?origin=MX&residence=US")]:
        process = None
        if shutil.which("wrk"):
            import threading
            samples = []
            stop = threading.Event()
            def sample():
                while not stop.is_set():
                    samples.append(server.rss_mb())
                    time.sleep(0.2)
            sampler = threading.Thread(target=sample)
            sampler.start()
            results[name] = wrk(server.base + path) if path else wrk_distinct(server.base)
            stop.set()
            sampler.join()
            peak = max([peak, *samples])
        else:
            results[name] = None
    results["peak RSS MB"] = peak
    return results


def report(title, seed_seconds, rows, floors, load):
    print(f"\n## {title}\n")
    print(f"seed: {seed_seconds:.0f} s\n")
    print("| group | query | found | server p50 ms | server p95 ms | database p50 ms | database p95 ms |")
    print("|---|---|---|---|---|---|---|")
    for row, floor in zip(rows, floors):
        print(f"| {row['group']} | `{row['query']}` | {row['found']} | {row['p50']:.1f} | {row['p95']:.1f} | "
              f"{floor['p50']:.1f} | {floor['p95']:.1f} |")
    if load:
        print()
        for name, value in load.items():
            print(f"- {name}: {value if value is None else round(value, 1)}")


def main():
    global SAMPLES, WARMUP, WRK_SECONDS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, type=Path)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="a PostgreSQL database URL to benchmark too (its public schema is replaced)")
    parser.add_argument("--sqlite-file", type=Path, help="reuse this seeded SQLite file instead of seeding a new one")
    parser.add_argument("--postgres-seeded", action="store_true", help="measure the PostgreSQL database as it is (seeded by an earlier run)")
    parser.add_argument("--settle", type=float, default=0.0,
                        help="seconds to wait after the server starts: a reused database's counts older than ten minutes are recounted first")
    parser.add_argument("--samples", type=int, default=SAMPLES, help="timed requests per query (and database floor runs)")
    parser.add_argument("--warmup", type=int, default=WARMUP, help="untimed requests before them")
    parser.add_argument("--wrk-seconds", type=int, default=WRK_SECONDS, help="length of each wrk load")
    arguments = parser.parse_args()
    SAMPLES, WARMUP, WRK_SECONDS = arguments.samples, arguments.warmup, arguments.wrk_seconds
    binary = arguments.binary.resolve()
    base_env = {**os.environ, "LOG_LEVEL": "warning", "PASSWORD_HASH_COST": "4"}
    base_env.pop("TEST_DATABASE_URL", None)

    from floor import sqlite_floor, postgres_floor

    work = Path(tempfile.mkdtemp(prefix="od-bench-"))
    database = arguments.sqlite_file or work / "bench.sqlite"
    env = {**base_env, "DATABASE_URL": f"sqlite://{database.resolve()}"}
    seed_seconds = 0.0
    if not arguments.sqlite_file:
        seed_seconds = run(binary, ["seed-demo", "--members", str(arguments.members), "--seed", "1"], env)
    server = Server(binary, env)
    try:
        time.sleep(arguments.settle)
        rows = measure_server(server)
        load = load_test(server)
    finally:
        server.stop()
    floors = [sqlite_floor(database, query, SAMPLES) for _, query in QUERIES]
    report(f"SQLite, {arguments.members:,} members", seed_seconds, rows, floors, load)

    if arguments.postgres:
        env = {**base_env, "DATABASE_URL": arguments.postgres}
        seed_seconds = 0.0
        if not arguments.postgres_seeded:
            subprocess.run(["psql", arguments.postgres, "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True)
            seed_seconds = run(binary, ["seed-demo", "--members", str(arguments.members), "--seed", "1"], env)
            subprocess.run(["psql", arguments.postgres, "-q", "-c", "VACUUM ANALYZE;"], check=True)
        server = Server(binary, env)
        try:
            time.sleep(arguments.settle)
            rows = measure_server(server)
            load = load_test(server)
        finally:
            server.stop()
        floors = [postgres_floor(arguments.postgres, query, SAMPLES) for _, query in QUERIES]
        report(f"PostgreSQL, {arguments.members:,} members", seed_seconds, rows, floors, load)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
