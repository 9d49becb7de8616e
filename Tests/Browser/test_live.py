"""The live event stream as a browser meets it: a signed-in page opens it with JavaScript on (and
nothing is opened with JavaScript off, where pages work as before). Delivery of events between two
browsers is tested with the first feature that publishes (messaging): the shipped binary has no
test-only way to publish."""
import pytest

from conftest import CheckedPage, make_context
from test_profiles import joined_and_verified


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_signed_in_page_opens_the_live_stream_only_with_javascript(browser, axe, server, mail_sink, javascript):
    context = make_context(browser, java_script_enabled=javascript)
    checked = CheckedPage(context.new_page(), axe, server.base_url, browser=None if javascript else browser)
    page = checked.page
    joined_and_verified(page, server, mail_sink, "Live Reader")
    # Leave the last page first: its own stream's answer can still arrive after the listener is
    # attached, and would be counted as a second stream of the page under test.
    page.goto("about:blank")
    streams = []
    page.on("response", lambda response: streams.append(response) if response.url.endswith("/api/v1/events") else None)

    checked.visit("/")
    assert page.get_attribute("body", "data-live") == "/api/v1/events"
    page.wait_for_timeout(1000)

    if javascript:
        assert len(streams) == 1
        assert streams[0].status == 200
        assert streams[0].headers["content-type"].startswith("text/event-stream")
        assert page.evaluate("document.readyState") == "complete"
    else:
        assert streams == []
    context.close()


def test_a_stream_that_cannot_resume_shows_a_reload_notice_once(browser, axe, server, mail_sink):
    """`event: reset` (the page was away longer than events are kept) puts a notice with a reload
    link at the top of the page, once; the page is not reloaded behind the member's back. The
    stream's answer is replaced here: making the server forget a day of events takes a day."""
    context = make_context(browser)
    checked = CheckedPage(context.new_page(), axe, server.base_url)
    page = checked.page
    joined_and_verified(page, server, mail_sink, "Live Resetter")
    page.route("**/api/v1/events", lambda route: route.fulfill(
        status=200, headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"},
        body="retry: 600000\nid: 7\nevent: reset\ndata: {}\n\nid: 7\nevent: reset\ndata: {}\n\n"))
    checked.visit("/account")
    notice = page.locator("main .live-stale-shown")
    notice.wait_for()
    assert notice.count() == 1
    assert notice.get_attribute("role") == "status"
    assert notice.locator("a").get_attribute("href") == ""
    page.fill("input[name=timeZone]", "Europe/Paris")
    # The member's typing is still there: nothing reloaded the page.
    page.wait_for_timeout(300)
    assert page.input_value("input[name=timeZone]") == "Europe/Paris"
    page.evaluate("window.notReloaded = true")
    with page.expect_navigation():
        notice.locator("a").click()
    assert page.evaluate("window.notReloaded === undefined")
    assert page.url.endswith("/account")
    context.close()
