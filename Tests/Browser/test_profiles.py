"""Profiles and the directory as a member meets them: complete a profile with the keyboard only,
upload a photo, then find yourself in the directory by origin and skill — with JavaScript on
and off — with axe-core checking every page."""
import struct
import urllib.request
import uuid
import zlib

import pytest

from conftest import CheckedPage, link_in, make_context
from test_accounts import EN, PASSWORD, api_post


def png(width: int, height: int) -> bytes:
    """A real, decodable PNG (grey pixels), written with the standard library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes([128]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def tab_to(page, element_id: str, limit: int = 600):
    """Presses Tab until the element has the focus, as a keyboard user moves through the page."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} never got the focus with Tab")


def joined_and_verified(page, server, mail_sink, name: str) -> str:
    address = f"profile-{uuid.uuid4().hex[:10]}@example.org"
    status, body, _ = api_post(server, "/auth/register", {"email": address, "password": PASSWORD, "displayName": name})
    assert status == 202, body
    page.goto(link_in(mail_sink.wait_for(address, "Confirm"), "/verify"))
    page.get_by_role("button", name=EN["verify.submit"]).click()
    page.wait_for_load_state()
    page.goto(server.base_url + "/login")
    page.get_by_label(EN["field.email"]).fill(address)
    page.get_by_label(EN["field.password"]).fill(PASSWORD)
    page.get_by_role("button", name=EN["login.submit"]).click()
    page.wait_for_load_state()
    assert EN["flash.signedIn"] in page.inner_text("main")
    return address


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_complete_a_profile_with_the_keyboard_add_a_photo_and_find_yourself(browser, axe, server, mail_sink, artifacts, tmp_path, javascript):
    context = make_context(browser, java_script_enabled=javascript)
    checked = CheckedPage(context.new_page(), axe, server.base_url, browser=None if javascript else browser)
    page = checked.page
    name = f"Keyboard {uuid.uuid4().hex[:6]}"
    joined_and_verified(page, server, mail_sink, name)

    checked.visit("/me/profile")
    assert EN["profile.completeness.missing"] in page.inner_text("main")
    tab_to(page, "f-headline")
    page.keyboard.type("Nurse and public-health trainer")
    tab_to(page, "f-city")
    page.keyboard.type("Lyon")
    tab_to(page, "f-countryOfResidence")
    page.keyboard.type("France")
    tab_to(page, "f-bio")
    page.keyboard.type("I train nurses.")
    page.keyboard.press("Enter")
    page.keyboard.type("More at https://example.org/me")
    tab_to(page, "f-countriesOfOrigin-1")
    page.keyboard.type("Senegal")
    tab_to(page, "f-languages-1")
    page.keyboard.type("Wolof")
    tab_to(page, "f-expertise-nursing")
    page.keyboard.press("Space")
    tab_to(page, "f-interests-good-health-and-well-being")
    page.keyboard.press("Space")
    tab_to(page, "f-links-1")
    page.keyboard.type("https://example.org/portfolio")
    tab_to(page, "f-visibility-members")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "f-visibility-public"
    tab_to(page, "f-openToContact")
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert EN["flash.profileSaved"] in page.inner_text("main")
    assert page.locator("#f-countryOfResidence").input_value() == "FR"
    assert page.locator("#f-countriesOfOrigin-1").input_value() == "SN"
    assert page.locator("#f-expertise-nursing").is_checked()
    checked.assert_accessible()

    photo = tmp_path / "portrait.png"
    photo.write_bytes(png(64, 64))
    page.set_input_files("#f-photo", str(photo))
    tab_to(page, "f-photo")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert EN["flash.photoSaved"] in page.inner_text("main")
    source = page.locator("img.avatar").get_attribute("src")
    assert source.startswith("/media/")
    with urllib.request.urlopen(server.base_url + source, timeout=10) as response:
        assert response.headers["Content-Type"] == "image/png"
        assert "immutable" in response.headers["Cache-Control"]
    assert EN["profile.completeness.done"] in page.inner_text("main")
    checked.assert_accessible()

    checked.visit("/members")
    if not page.locator("details.list-filters").evaluate("filters => filters.open"):
        # Without JavaScript the filters wait behind their disclosure: a keyboard user opens it.
        tab_to(page, "list-filters-toggle")
        page.keyboard.press("Enter")
    tab_to(page, "f-origin-SN")
    page.keyboard.press("Space")
    tab_to(page, "f-skill-nursing")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.tagName") != "BUTTON":
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "origin=SN" in page.url and "skill=nursing" in page.url
    card = page.locator(".member-card", has_text=name)
    assert card.count() == 1
    assert "Nursing" in card.inner_text()
    page.screenshot(path=str(artifacts / f"directory-{'js' if javascript else 'nojs'}.png"), full_page=True)
    checked.assert_accessible()

    with page.expect_navigation():
        card.get_by_role("link", name=name).click()
    assert page.locator("h1").inner_text() == name
    assert page.get_by_role("link", name="https://example.org/me").count() == 1
    assert EN["profile.show.openToContact"] in page.inner_text("main")
    checked.assert_accessible()
    context.close()


def test_a_visitor_sees_public_profiles_only(browser, axe, server):
    context = make_context(browser)
    checked = CheckedPage(context.new_page(), axe, server.base_url)
    checked.visit("/members")
    assert checked.page.locator("h1").inner_text() == EN["directory.title"]
    assert EN["directory.order.recent"] in checked.page.inner_text("main")
    checked.visit("/members?q=%22unbalanced+NEAR(")
    assert checked.page.locator("h1").inner_text() == EN["directory.title"]
    context.close()
