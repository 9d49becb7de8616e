"""The command line as an operator uses it: migrate, routes, and a clear line on bad configuration."""
import os
import subprocess
import tempfile
from pathlib import Path

from conftest import ROOT, server_binary


def run(*args, **env):
    environment = dict(os.environ, **env)
    environment.pop("TEST_DATABASE_URL", None)
    return subprocess.run([str(server_binary()), *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)


def test_migrate_creates_the_schema_then_has_nothing_to_do():
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{folder}/cli.sqlite"
        first = run("migrate", DATABASE_URL=url)
        assert first.returncode == 0, first.stderr
        assert Path(folder, "cli.sqlite").exists()
        second = run("migrate", DATABASE_URL=url)
        assert second.returncode == 0, second.stderr
        assert "up to date" in second.stdout


def test_routes_lists_the_health_endpoints():
    result = run("routes")
    assert result.returncode == 0, result.stderr
    assert "/healthz" in result.stdout and "/readyz" in result.stdout


def assert_fails_with_one_line(result, naming: str):
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert naming in lines[0]
    assert "hunter2" not in lines[0], "the password is never printed"


def test_a_bad_database_url_stops_the_start_with_one_clear_line():
    result = run("serve", "--port", "0", DATABASE_URL="mysql://root:hunter2@localhost/db")
    assert_fails_with_one_line(result, naming="DATABASE_URL")


def test_an_unreachable_postgres_stops_the_start_with_one_clear_line():
    result = run("serve", "--port", "0", DATABASE_URL="postgres://someone:hunter2@127.0.0.1:9/none")
    assert_fails_with_one_line(result, naming="127.0.0.1:9/none")


def test_a_bad_log_level_is_named():
    assert_fails_with_one_line(run("serve", LOG_LEVEL="loud"), naming="LOG_LEVEL")


def test_create_admin_reads_the_password_from_standard_input():
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{folder}/admin.sqlite"
        environment = dict(os.environ, DATABASE_URL=url)
        environment.pop("TEST_DATABASE_URL", None)
        command = [str(server_binary()), "create-admin", "--email", "admin@example.org", "--name", "Site Admin"]
        weak = subprocess.run(command, cwd=ROOT, env=environment, input="password\n", capture_output=True, text=True, timeout=60)
        assert weak.returncode == 1
        assert "12 characters" in weak.stderr
        assert "the password" in weak.stderr
        made = subprocess.run(command, cwd=ROOT, env=environment, input="a long admin passphrase\n", capture_output=True, text=True, timeout=60)
        assert made.returncode == 0, made.stderr
        assert "Created administrator admin@example.org" in made.stdout
        again = subprocess.run(command, cwd=ROOT, env=environment, input="a long admin passphrase\n", capture_output=True, text=True, timeout=60)
        assert again.returncode == 1
        assert "already exists" in again.stderr
        assert "a long admin passphrase" not in again.stderr + again.stdout


def test_seed_demo_adds_members_the_directory_lists_and_refuses_the_same_seed_twice():
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{folder}/demo.sqlite"
        first = run("seed-demo", "--members", "120", "--seed", "7", DATABASE_URL=url)
        assert first.returncode == 0, first.stderr
        assert "done: 120 members" in first.stderr
        again = run("seed-demo", "--members", "5", "--seed", "7", DATABASE_URL=url)
        assert again.returncode != 0
        assert "--seed" in again.stderr
        import sqlite3
        db = sqlite3.connect(f"{folder}/demo.sqlite")
        assert db.execute("SELECT COUNT(*) FROM member_profiles").fetchone()[0] == 120
        assert db.execute("SELECT COUNT(*) FROM members WHERE password_hash IS NOT NULL").fetchone()[0] == 0


def test_serve_demo_fills_an_empty_database():
    import json
    import urllib.request
    from conftest import launch_server
    server = launch_server(extra_arguments=["--demo"])
    try:
        with urllib.request.urlopen(server.base_url + "/api/v1/members", timeout=10) as response:
            listing = json.load(response)
        assert len(listing["items"]) == 20
        assert listing["nextCursor"]
    finally:
        server.stop()


def test_serve_help_lists_demo_and_creates_no_database():
    with tempfile.TemporaryDirectory() as folder:
        result = run("serve", "--help", DATABASE_URL=f"sqlite://{folder}/help.sqlite")
        assert result.returncode == 0, result.stderr
        assert "--demo" in result.stdout
        assert "--port" in result.stdout
        assert not Path(folder, "help.sqlite").exists(), "help opens no database"
