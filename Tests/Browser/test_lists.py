"""A list page (the directory first) on a phone and a desktop: on a phone the first result is
above the fold and the filters wait behind a disclosure that counts the active ones; on a
desktop they sit beside the results; with JavaScript on and off, axe-core checking each page."""
import gzip
import json
import re
import urllib.request
from pathlib import Path

import pytest

from conftest import CheckedPage, launch_server, make_context
from test_accounts import EN

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
PAGE_WEIGHT_LIMIT = 25 * 1024


@pytest.fixture(scope="module")
def demo():
    """A server whose directory is full (`serve --demo`), so pages show whole result lists."""
    running = launch_server(extra_arguments=["--demo"])
    yield running
    running.stop()


def two_origins(server) -> list:
    """The two most common countries of origin: filtering by both (either of them) finds people."""
    with urllib.request.urlopen(server.base_url + "/api/v1/members", timeout=10) as response:
        listing = json.load(response)
    return [value["code"] for value in listing["facets"]["origin"][:2]]


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_on_a_phone_results_come_first_and_the_filters_wait_behind_their_disclosure(browser, axe, demo, artifacts, javascript):
    context = make_context(browser, viewport=PHONE, java_script_enabled=javascript)
    checked = CheckedPage(context.new_page(), axe, demo.base_url, browser=None if javascript else browser)
    page = checked.page
    first, second = two_origins(demo)
    checked.visit(f"/members?origin={first}&origin={second}")

    page.screenshot(path=str(Path(artifacts) / f"list-phone-{'js' if javascript else 'nojs'}.png"))
    card = box(page, ".member-card")
    assert card["y"] + card["height"] <= PHONE["height"], f"the first result ends at {card['y'] + card['height']} px, below the fold"
    summary = page.locator("details.list-filters > summary")
    assert summary.inner_text() == EN["list.filters.active.other"].replace("{count}", "2")
    assert not page.locator("details.list-filters").evaluate("filters => filters.open")
    assert not page.locator(f"#f-origin-{first}").is_visible()
    assert box(page, "details.list-filters")["y"] > card["y"], "the filters come after the results"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The disclosure opens from the keyboard, JavaScript or not, and holds the checked filters.
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(f"#f-origin-{first}").is_visible()
    assert page.locator(f"#f-origin-{first}").is_checked()
    checked.assert_accessible()
    page.evaluate("document.querySelector('details.list-filters').scrollIntoView()")
    page.screenshot(path=str(Path(artifacts) / f"list-phone-open-{'js' if javascript else 'nojs'}.png"))

    # Unchecking one and applying keeps the rest of the search in a shareable address.
    page.locator(f"#f-origin-{second}").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name=EN["list.filters.apply"]).click()
    assert f"origin={first}" in page.url and f"origin={second}" not in page.url
    assert page.locator("details.list-filters > summary").inner_text() == EN["list.filters.active.one"].replace("{count}", "1")
    checked.assert_accessible()
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_on_a_desktop_the_filters_sit_beside_the_results(browser, axe, demo, artifacts, javascript):
    context = make_context(browser, viewport=DESKTOP, java_script_enabled=javascript)
    checked = CheckedPage(context.new_page(), axe, demo.base_url, browser=None if javascript else browser)
    page = checked.page
    first, _ = two_origins(demo)
    checked.visit(f"/members?origin={first}")
    filters, results = box(page, "details.list-filters"), box(page, ".list-results")
    assert filters["x"] + filters["width"] <= results["x"], "the filters are a column left of the results"
    assert filters["y"] < DESKTOP["height"]
    if not javascript:
        # Without the script they are one click away, in the same place.
        assert not page.locator("details.list-filters").evaluate("filters => filters.open")
        page.locator("details.list-filters > summary").click()
    assert page.locator(f"#f-origin-{first}").is_visible()
    page.screenshot(path=str(Path(artifacts) / f"list-desktop-{'js' if javascript else 'nojs'}.png"))
    checked.assert_accessible()
    context.close()


def fetch(url: str):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read()


def test_a_full_directory_page_weighs_at_most_25_kb_compressed(demo):
    first, second = two_origins(demo)
    headers, html = fetch(demo.base_url + f"/members?origin={first}&origin={second}")
    assert headers.get("Content-Encoding") == "gzip"
    text = gzip.decompress(html).decode()
    assert text.count('class="card member-card"') == 20
    total = len(html)
    for asset in re.findall(r'(?:href|src)="(/(?:css|js)/[^"]+)"', text):
        _, body = fetch(demo.base_url + asset)
        total += len(body)
    assert total <= PAGE_WEIGHT_LIMIT, f"the directory page weighs {total} bytes compressed"
