"""The home page as a visitor sees it: in their language, switchable, accessible, usable without JavaScript."""
import gzip
import json
import re
import urllib.request
from pathlib import Path

from conftest import ROOT, CheckedPage, make_context, catalog

CATALOGS = {lang: catalog(lang) for lang in ("en", "fr", "es")}
PAGE_WEIGHT_LIMIT = 25 * 1024


def test_home_page_in_english(checked_page):
    response = checked_page.visit("/")
    page = checked_page.page
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == CATALOGS["en"]["home.heading"]
    assert page.title().startswith(CATALOGS["en"]["home.title"])


def test_switcher_turns_the_page_french_and_remembers_it(checked_page):
    checked_page.visit("/")
    page = checked_page.page
    page.get_by_role("link", name="Français").first.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == CATALOGS["fr"]["home.heading"]
    checked_page.assert_accessible()
    # The choice is kept: the next visit is French even though the browser asks for English.
    checked_page.visit("/")
    assert page.locator("h1").inner_text() == CATALOGS["fr"]["home.heading"]


def test_spanish_browser_gets_spanish(browser, axe, server):
    context = make_context(browser, locale="es-ES")
    checked = CheckedPage(context.new_page(), axe, server.base_url)
    checked.visit("/")
    assert checked.page.locator("html").get_attribute("lang") == "es"
    assert checked.page.locator("h1").inner_text() == CATALOGS["es"]["home.heading"]
    context.close()


def test_works_with_javascript_disabled(browser, axe, server):
    context = make_context(browser, java_script_enabled=False, viewport={"width": 375, "height": 800})
    checked = CheckedPage(context.new_page(), axe, server.base_url, browser=browser)
    checked.visit("/")
    page = checked.page
    # The phone menu is a <details>: it opens without any script.
    menu = page.locator("details.menu")
    menu.locator("summary").click()
    assert menu.get_attribute("open") is not None
    assert page.locator("details.menu nav").is_visible()
    # The language switcher is a plain link.
    page.get_by_role("link", name="Español").first.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    checked.assert_accessible()
    context.close()


def test_skip_link_is_first_and_reaches_the_content(checked_page):
    checked_page.visit("/")
    page = checked_page.page
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_missing_page_is_a_translated_accessible_404(browser, axe, server):
    context = make_context(browser, locale="fr-FR")
    checked = CheckedPage(context.new_page(), axe, server.base_url)
    response = checked.visit("/no/such/page")
    assert response.status == 404
    assert checked.page.locator("h1").inner_text() == CATALOGS["fr"]["error.404.title"]
    context.close()


def test_screenshots_at_phone_and_desktop_width(browser, server, artifacts):
    for name, viewport in (("phone", {"width": 375, "height": 812}), ("desktop", {"width": 1280, "height": 900})):
        context = make_context(browser, viewport=viewport)
        page = context.new_page()
        page.goto(server.base_url + "/")
        path = Path(artifacts) / f"home-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 1000
        # Nothing is wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        context.close()


def fetch(url: str, gzip_ok: bool = True):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read()


def test_home_page_weighs_at_most_25_kb_compressed(server):
    headers, html = fetch(server.base_url + "/")
    assert headers.get("Content-Encoding") == "gzip", "text responses are compressed"
    total = len(html)
    text = gzip.decompress(html).decode()
    assets = re.findall(r'(?:href|src)="(/(?:css|js)/[^"]+)"', text)
    assert len(assets) == 2
    for asset in assets:
        asset_headers, body = fetch(server.base_url + asset)
        assert asset_headers.get("Content-Encoding") == "gzip"
        assert "immutable" in asset_headers.get("Cache-Control", "")
        total += len(body)
    assert total <= PAGE_WEIGHT_LIMIT, f"home page weighs {total} bytes compressed"


def test_dark_colour_scheme_is_accessible_too(browser, axe, server):
    context = make_context(browser, color_scheme="dark")
    checked = CheckedPage(context.new_page(), axe, server.base_url)
    checked.visit("/")
    background = checked.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)", "the dark scheme applies"
    context.close()
