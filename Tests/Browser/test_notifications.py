"""Notifications as a member meets them before any feature announces anything: the header's
unread count, the empty list, the mail preferences, the time zone the browser suggests (with
JavaScript on; nothing changes with it off), and an unsubscribe link that is not valid — with
axe-core checking every page."""
import uuid

import pytest

from conftest import CheckedPage, make_context
from test_accounts import EN
from test_profiles import joined_and_verified


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_time_zone_preferences_and_the_empty_list(browser, axe, server, mail_sink, artifacts, javascript):
    context = make_context(browser, java_script_enabled=javascript, timezone_id="Africa/Dakar")
    checked = CheckedPage(context.new_page(), axe, server.base_url, browser=None if javascript else browser)
    page = checked.page
    joined_and_verified(page, server, mail_sink, f"Zone {uuid.uuid4().hex[:6]}")

    checked.visit("/account")
    field = page.get_by_label(EN["field.timeZone"])
    # The browser's zone is offered only by the script; without it the field keeps the default.
    assert field.input_value() == ("Africa/Dakar" if javascript else "UTC")
    if not javascript:
        field.fill("Africa/Dakar")
    page.get_by_role("button", name=EN["account.timeZone.submit"]).click()
    page.wait_for_load_state()
    assert EN["flash.timeZoneChanged"] in page.inner_text("main")

    page.get_by_role("link", name=EN["notifications.preferences.link"]).click()
    page.wait_for_load_state()
    checked.assert_accessible()
    assert page.locator("h1").inner_text() == EN["notifications.preferences.heading"]
    assert "Africa/Dakar" in page.inner_text("main")

    checked.visit("/notifications")
    assert page.locator("h1").inner_text() == EN["notifications.heading"]
    assert EN["notifications.empty"] in page.inner_text("main")
    badge = page.locator('[data-badge="notifications"] .count')
    assert badge.get_attribute("data-count") == "0"
    page.screenshot(path=str(artifacts / f"notifications-empty-{'js' if javascript else 'nojs'}.png"), full_page=True)
    context.close()


def test_an_unsubscribe_link_that_is_not_valid_says_so_and_changes_nothing(checked_page):
    response = checked_page.visit("/unsubscribe/not-a-token")
    assert response.status == 404
    page = checked_page.page
    assert page.locator("h1").inner_text() == EN["notifications.unsubscribe.invalidHeading"]
    assert page.get_by_role("button", name=EN["notifications.unsubscribe.submit"]).count() == 0


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_join_form_sends_the_browsers_zone_when_javascript_is_on(browser, axe, server, javascript):
    context = make_context(browser, java_script_enabled=javascript, timezone_id="Asia/Tokyo")
    checked = CheckedPage(context.new_page(), axe, server.base_url, browser=None if javascript else browser)
    checked.visit("/join")
    assert checked.page.locator("input[type=hidden][name=timeZone]").input_value() == ("Asia/Tokyo" if javascript else "")
    context.close()
