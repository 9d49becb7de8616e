"""Messages as a member meets them, JavaScript on and off, with axe-core checking every page:
the empty list and requests, a new group with no connection to choose, and a first message to
a stranger refused with its reason by the field (accounts younger than a day write only to
connections). Two members writing to each other need connections (the Connections feature):
that journey, and live delivery, come with it."""
import uuid

import pytest

from conftest import CheckedPage, make_context
from test_accounts import EN
from test_profiles import joined_and_verified


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_message_pages_and_a_refused_first_message(browser, axe, server, mail_sink, javascript):
    writer_context = make_context(browser, java_script_enabled=javascript)
    writer = CheckedPage(writer_context.new_page(), axe, server.base_url, browser=None if javascript else browser)
    joined_and_verified(writer.page, server, mail_sink, f"Writer {uuid.uuid4().hex[:6]}")

    other_context = make_context(browser)
    other = other_context.new_page()
    joined_and_verified(other, server, mail_sink, f"Reader {uuid.uuid4().hex[:6]}")
    other.goto(server.base_url + "/me/profile")
    other.select_option("#f-countriesOfOrigin-1", "SN")
    other.get_by_label(EN["profile.field.openToContact"]).check()
    other.get_by_role("button", name=EN["profile.save"]).click()
    other.wait_for_load_state()
    profile_path = other.evaluate("document.querySelector('a[href^=\"/members/\"]').getAttribute('href')")
    reader_id = profile_path.rsplit("/", 1)[1]

    writer.visit("/messages")
    page = writer.page
    assert EN["messaging.list.empty"] in page.inner_text("main")
    assert page.locator('[data-badge="messages"] .count').inner_text() == "0"
    writer.visit("/messages/requests")
    assert EN["messaging.requests.empty"] in page.inner_text("main")
    writer.visit("/messages/new")
    assert EN["messaging.group.noConnections"] in page.inner_text("main")

    writer.visit(f"/messages/new?to={reader_id}")
    page.get_by_label(EN["messaging.compose.body"]).fill("Hello <b>there</b>")
    page.get_by_role("button", name=EN["messaging.compose.send"]).click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert EN["messaging.error.newAccount"] in main
    assert page.get_by_label(EN["messaging.compose.body"]).input_value() == "Hello <b>there</b>"
    writer.assert_accessible()
    writer_context.close()
    other_context.close()
