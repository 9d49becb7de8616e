"""Live delivery between browsers, through messaging (the first feature that publishes): two
members connected through the pages write to each other and each sees the other's message, the
header's count and the read mark without reload (and, with JavaScript off, after one); a page
keeps receiving across server restarts, and gets what was sent while its reconnections failed
(EventSource retries, Last-Event-ID);
on PostgreSQL, a message sent through one instance reaches a page open on another."""
import os
import subprocess
import uuid

import pytest
from playwright.sync_api import expect

from conftest import CheckedPage, launch_server, make_context
from test_accounts import EN
from test_connections import save_profile
from test_profiles import joined_and_verified

WAIT_MS = 15000


def member(browser, axe, server, mail_sink, name, base_url=None):
    """A new member signed in (JavaScript on) with a public profile: (checked page, profile path)."""
    context = make_context(browser)
    checked = CheckedPage(context.new_page(), axe, base_url or server.base_url)
    joined_and_verified(checked.page, server, mail_sink, name)
    return checked, save_profile(checked, "public")


def connect(asker, asker_name, answerer, answerer_profile):
    asker.visit(answerer_profile)
    asker.page.get_by_role("link", name=EN["connections.action.request"]).click()
    asker.page.wait_for_load_state()
    asker.page.get_by_role("button", name=EN["connections.request.submit"]).click()
    asker.page.wait_for_load_state()
    assert EN["flash.connectionRequestSent"] in asker.page.inner_text("main")
    answerer.visit("/members")
    answerer.page.locator('[data-badge="connections"]').click()
    answerer.page.wait_for_load_state()
    answerer.page.get_by_role("button", name=EN["connections.action.accept"].replace("{name}", asker_name)).click()
    answerer.page.wait_for_load_state()
    assert EN["flash.connectionAccepted"] in answerer.page.inner_text("main")


def start_conversation(writer, reader_profile, text) -> str:
    """Writes a first message from the compose page; returns the conversation's path."""
    writer.visit("/messages/new?to=" + reader_profile.rsplit("/", 1)[1])
    writer.page.get_by_label(EN["messaging.compose.body"], exact=True).fill(text)
    writer.page.get_by_role("button", name=EN["messaging.compose.send"]).click()
    writer.page.wait_for_load_state()
    writer.page.locator("#messages").get_by_text(text).wait_for(timeout=WAIT_MS)
    path = writer.page.url.split(writer.base_url, 1)[1]
    assert path.startswith("/messages/"), path
    return path


def send(writer, text):
    """Sends through the conversation page's form (with JavaScript on, messages.js posts it to the API)."""
    writer.page.get_by_label(EN["messaging.compose.body"], exact=True).fill(text)
    writer.page.get_by_role("button", name=EN["messaging.compose.send"]).click()
    writer.page.locator("#messages").get_by_text(text).wait_for(timeout=WAIT_MS)


def sees_live(reader, text):
    """The text appears in the reader's message list without the page being loaded again."""
    marker = reader.page.evaluate("window.__notReloaded = true")
    reader.page.locator("#messages").get_by_text(text).wait_for(timeout=WAIT_MS)
    assert reader.page.evaluate("window.__notReloaded === true"), "the page was reloaded"
    return marker


def test_a_message_arrives_live_with_the_count_and_the_read_mark(browser, axe, server, mail_sink, artifacts):
    a_name, b_name = f"Awa {uuid.uuid4().hex[:6]}", f"Binta {uuid.uuid4().hex[:6]}"
    a, a_profile = member(browser, axe, server, mail_sink, a_name)
    b, b_profile = member(browser, axe, server, mail_sink, b_name)
    connect(a, a_name, b, b_profile)

    # B waits on another page: the header's count rises when A writes.
    b.visit("/members")
    badge = b.page.locator('[data-badge="messages"] .count')
    assert badge.inner_text() == "0"
    b.page.evaluate("window.__notReloaded = true")
    conversation = start_conversation(a, b_profile, "First words, live")
    expect(badge).to_have_text("1", timeout=WAIT_MS)
    assert b.page.evaluate("window.__notReloaded === true")

    # Both on the conversation; A writes through the form, B sees it, A sees B's read mark.
    b.visit(conversation)
    assert "First words, live" in b.page.inner_text("#messages")
    expect(badge).to_have_text("0", timeout=WAIT_MS)
    send(a, "Second words, also live")
    sees_live(b, "Second words, also live")
    a.page.locator("#read-state").get_by_text(EN["messaging.read.direct"]).wait_for(timeout=WAIT_MS)
    send(b, "An answer, live the other way")
    sees_live(a, "An answer, live the other way")
    a.assert_accessible()
    b.assert_accessible()
    b.page.screenshot(path=str(artifacts / "live-delivery-reader.png"), full_page=True)

    # With JavaScript off, B's page shows the same after a reload.
    offline_context = make_context(browser, java_script_enabled=False)
    offline_context.add_cookies(b.page.context.cookies())
    b_nojs = CheckedPage(offline_context.new_page(), axe, server.base_url, browser=browser)
    b_nojs.visit(conversation)
    assert b_nojs.page.get_attribute("body", "data-live") == "/api/v1/events"
    send_without_script = "Third words, read after a reload"
    send(a, send_without_script)
    assert send_without_script not in b_nojs.page.inner_text("#messages")
    b_nojs.page.reload()
    assert send_without_script in b_nojs.page.inner_text("#messages")
    for context in (offline_context, a.page.context, b.page.context):
        context.close()


def test_the_page_catches_up_after_a_restart_and_a_network_cut(browser, axe, mail_sink):
    server = launch_server(SMTP_URL=mail_sink.url)
    try:
        a_name, b_name = f"Awa {uuid.uuid4().hex[:6]}", f"Binta {uuid.uuid4().hex[:6]}"
        a, a_profile = member(browser, axe, server, mail_sink, a_name)
        b, b_profile = member(browser, axe, server, mail_sink, b_name)
        connect(a, a_name, b, b_profile)
        conversation = start_conversation(a, b_profile, "Before the restart")
        a.visit(conversation)
        b.visit(conversation)
        b.page.evaluate("window.__notReloaded = true")

        # The server stops and starts again on the same port and database.
        port = int(server.base_url.rsplit(":", 1)[1])
        server.stop(keep_workdir=True)
        server = launch_server(port=port, workdir=server.workdir, SMTP_URL=mail_sink.url)
        send(a, "Right after the restart")
        sees_live(b, "Right after the restart")

        # The server goes down again and B's reconnections fail (the network refuses them) while
        # A writes; once they get through, the stream resumes from its last id (Last-Event-ID).
        b.page.context.route("**/api/v1/events*", lambda route: route.abort())
        server.stop(keep_workdir=True)
        server = launch_server(port=port, workdir=server.workdir, SMTP_URL=mail_sink.url)
        send(a, "While the reader was cut off")
        b.page.wait_for_timeout(4000)
        assert "While the reader was cut off" not in b.page.inner_text("#messages")
        b.page.context.unroute("**/api/v1/events*")
        sees_live(b, "While the reader was cut off")
        assert b.page.locator("#messages").get_by_text("While the reader was cut off").count() == 1
        b.assert_accessible()
        a.page.context.close()
        b.page.context.close()
    finally:
        server.stop()


def test_two_instances_on_one_postgresql_database(browser, axe, mail_sink):
    base = os.environ.get("TEST_POSTGRES_URL")
    if not base:
        pytest.skip("TEST_POSTGRES_URL is not set")
    name = f"live_{uuid.uuid4().hex[:10]}"
    subprocess.run(["psql", base, "-v", "ON_ERROR_STOP=1", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    url = base.rsplit("/", 1)[0] + "/" + name
    settings = dict(DATABASE_URL=url, SECRET_KEY="live-delivery-test-" + "k" * 40, SMTP_URL=mail_sink.url)
    first = launch_server(**settings)
    second = None
    try:
        second = launch_server(**settings)
        a_name, b_name = f"Awa {uuid.uuid4().hex[:6]}", f"Binta {uuid.uuid4().hex[:6]}"
        a, a_profile = member(browser, axe, first, mail_sink, a_name)
        b, b_profile = member(browser, axe, first, mail_sink, b_name)
        connect(a, a_name, b, b_profile)
        conversation = start_conversation(a, b_profile, "Through the first instance")

        # B reads on the second instance (same host, so the same session cookie), A writes on the first.
        b_second = CheckedPage(b.page, axe, second.base_url)
        b_second.visit(conversation)
        assert "Through the first instance" in b.page.inner_text("#messages")
        a.visit(conversation)
        send(a, "From instance one to instance two")
        sees_live(b_second, "From instance one to instance two")
        a.page.locator("#read-state").get_by_text(EN["messaging.read.direct"]).wait_for(timeout=WAIT_MS)
        # Mail exactly once with two instances is checked in test_mail_once.py.
        a.page.context.close()
        b.page.context.close()
    finally:
        first.stop()
        if second:
            second.stop()
        subprocess.run(["psql", base, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)
