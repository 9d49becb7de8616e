"""Notification mail goes out exactly once, counted in the SMTP sink: a message left unread is
mailed once after the operator's delay (MESSAGE_MAIL_DELAY_SECONDS), and a daily digest once at
the member's morning (DIGEST_CHECK_SECONDS sets how often the job looks) — with two instances on
one PostgreSQL database when TEST_POSTGRES_URL is set (as in CI), on SQLite with one, and across
a restart. The API sets everything up; no browser is needed to count mails."""
import os
import sqlite3
import subprocess
import time
import uuid
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from conftest import launch_server
from test_security_probe import api, signed_in_member

MESSAGE_DELAY = 3
DIGEST_CHECK = 5
# Zones from UTC-11 to UTC+14, a few hours apart: one of them is always between 09:00 and 22:00.
ZONES = ["Pacific/Pago_Pago", "Pacific/Honolulu", "America/Los_Angeles", "America/Chicago", "America/Sao_Paulo",
         "Atlantic/Cape_Verde", "UTC", "Africa/Cairo", "Asia/Dubai", "Asia/Dhaka", "Asia/Tokyo", "Pacific/Noumea",
         "Pacific/Auckland", "Pacific/Kiritimati"]


def zone_past_its_morning() -> str:
    """A time zone where it is now between 09:00 and 22:00: today's 08:00 there has passed, so a
    digest owed since yesterday is due now."""
    now = datetime.now(timezone.utc)
    for zone in ZONES:
        if 9 <= now.astimezone(ZoneInfo(zone)).hour < 22:
            return zone
    raise AssertionError("no zone between 09:00 and 22:00")


def mails_to(mail_sink, address):
    """Notification mails the sink received for `address` (the address confirmation left out)."""
    with mail_sink.lock:
        return [message for recipients, message in mail_sink.messages
                if address in recipients and message["List-Unsubscribe"] is not None]


def wait_for_mails(mail_sink, address, count, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = mails_to(mail_sink, address)
        if len(found) >= count:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{len(mails_to(mail_sink, address))} notification mails to {address} within {timeout} s, expected {count}")


def as_member(member):
    return {"Cookie": member.session, "X-CSRF-Token": member.csrf}


class Database:
    """The instances' database, for the one thing the test cannot wait for: a day going by."""

    def __init__(self, postgres_url=None, sqlite_path=None):
        self.postgres_url = postgres_url
        self.sqlite_path = sqlite_path

    def age_notifications_of(self, member_id: str, seconds: int):
        """Moves the member's notifications `seconds` into the past, as if they had come then."""
        if self.postgres_url:
            subprocess.run(["psql", self.postgres_url, "-v", "ON_ERROR_STOP=1", "-c",
                            f"UPDATE notifications SET created_at = created_at - interval '{seconds} seconds', "
                            f"updated_at = updated_at - interval '{seconds} seconds' WHERE recipient_id = '{member_id}'"],
                           check=True, capture_output=True)
        else:
            with sqlite3.connect(self.sqlite_path, timeout=10) as connection:
                # SQLite holds ids as text and times as seconds since 1970.
                changed = connection.execute(
                    "UPDATE notifications SET created_at = created_at - ?, updated_at = updated_at - ? WHERE upper(recipient_id) = ?",
                    (seconds, seconds, member_id.upper())).rowcount
                assert changed > 0, "no notification to age"


def test_message_mail_and_a_digest_are_sent_exactly_once(mail_sink):
    base = os.environ.get("TEST_POSTGRES_URL")
    settings = dict(SMTP_URL=mail_sink.url, MESSAGE_MAIL_DELAY_SECONDS=str(MESSAGE_DELAY), DIGEST_CHECK_SECONDS=str(DIGEST_CHECK),
                    SECRET_KEY="mail-once-test-" + "k" * 40)
    name = None
    if base:
        name = f"mail_{uuid.uuid4().hex[:10]}"
        subprocess.run(["psql", base, "-v", "ON_ERROR_STOP=1", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        settings["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + name
    first = launch_server(**settings)
    # On SQLite one instance (a file database is not shared between servers); on PostgreSQL two.
    second = launch_server(**settings) if base else None
    other = second or first
    database = Database(postgres_url=settings.get("DATABASE_URL"), sqlite_path=first.workdir / "browser.sqlite")
    try:
        a = signed_in_member(first, mail_sink, "mailonce-a", verified=True)
        b = signed_in_member(other, mail_sink, "mailonce-b", verified=True)
        zone = zone_past_its_morning()
        assert api(first, "PUT", "/me/time-zone", {"timeZone": zone}, headers=as_member(a)).status in (200, 204)

        # A asks B to connect through one instance, B accepts through the other: A is owed the
        # "request accepted" line in a daily digest (the default), B's request line is read.
        reply = api(other, "POST", "/connection-requests", {"memberID": b.id}, headers=as_member(a))
        assert reply.status == 201, reply
        request_id = reply.json()["requestID"]
        assert api(first, "POST", f"/connection-requests/{request_id}/accept", headers=as_member(b)).status == 204

        # (a) A writes twice to B, who reads neither: one mail after the delay, for both.
        written = time.monotonic()
        reply = api(other, "POST", "/conversations", {"to": b.id, "body": "Are you coming to the meeting in Lyon?"}, headers=as_member(a))
        assert reply.status == 201, reply
        conversation = reply.json()["id"]
        assert api(first, "POST", f"/conversations/{conversation}/messages", {"body": "It starts at six."}, headers=as_member(a)).status == 201
        [message_mail] = wait_for_mails(mail_sink, b.address, 1, timeout=MESSAGE_DELAY + 20)
        assert time.monotonic() - written >= MESSAGE_DELAY - 0.5, "mailed before the delay"
        assert message_mail["List-Unsubscribe"].startswith("<http://127.0.0.1:")
        assert message_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert f"/notifications/" in message_mail.get_body(preferencelist=("plain",)).get_content()

        # (b) A's line is a day old now (the test cannot wait for a morning): A's 08:00 has
        # passed in A's zone, so the digest is due at the job's next look, on either instance.
        database.age_notifications_of(a.id, 24 * 3600)
        [digest] = wait_for_mails(mail_sink, a.address, 1, timeout=DIGEST_CHECK * 3 + 10)
        assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert digest["List-Unsubscribe"] is not None

        # One instance restarts (a new process knows nothing of the periods already settled):
        # a couple of the job's looks later, still one digest and one message mail.
        port = int(other.base_url.rsplit(":", 1)[1])
        other.stop(keep_workdir=True)
        restarted = launch_server(port=port, workdir=other.workdir, **settings)
        if second:
            second = restarted
        else:
            first = restarted
        time.sleep(DIGEST_CHECK * 2 + 2)
        assert len(mails_to(mail_sink, a.address)) == 1, [str(m["subject"]) for m in mails_to(mail_sink, a.address)]
        assert len(mails_to(mail_sink, b.address)) == 1, [str(m["subject"]) for m in mails_to(mail_sink, b.address)]
    finally:
        first.stop()
        if second:
            second.stop()
        if name:
            subprocess.run(["psql", base, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)
