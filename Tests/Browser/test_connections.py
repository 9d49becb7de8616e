"""Connections as two members meet them: one asks from the other's profile with a note, the
other sees the request counted in the header and accepts it, then sees the first one's
connections-only profile; a block then hides each from the other. axe-core checks every page."""
import re
import uuid

from conftest import CheckedPage, make_context
from test_accounts import EN
from test_profiles import joined_and_verified


def save_profile(checked, visibility: str) -> str:
    """Saves a minimal profile with the given visibility and returns the member's profile path."""
    page = checked.page
    checked.visit("/me/profile")
    page.select_option("#f-countriesOfOrigin-1", "SN")
    page.check(f"#f-visibility-{visibility}")
    page.get_by_role("button", name=EN["profile.save"]).click()
    page.wait_for_load_state()
    assert EN["flash.profileSaved"] in page.inner_text("main")
    href = page.get_by_role("link", name=EN["profile.edit.view"]).get_attribute("href")
    assert re.fullmatch(r"/members/[0-9a-f-]{36}", href), href
    return href


def test_request_accept_see_a_connections_only_profile_then_block(browser, axe, server, mail_sink, artifacts):
    amina_context, bakary_context = make_context(browser), make_context(browser)
    amina = CheckedPage(amina_context.new_page(), axe, server.base_url)
    bakary = CheckedPage(bakary_context.new_page(), axe, server.base_url)
    amina_name, bakary_name = f"Amina {uuid.uuid4().hex[:6]}", f"Bakary {uuid.uuid4().hex[:6]}"
    joined_and_verified(amina.page, server, mail_sink, amina_name)
    joined_and_verified(bakary.page, server, mail_sink, bakary_name)
    amina_profile = save_profile(amina, "connections")
    bakary_profile = save_profile(bakary, "public")

    # Connections-only: Bakary cannot see it yet.
    assert bakary.page.goto(server.base_url + amina_profile).status == 404

    # Amina asks from Bakary's profile, with a note.
    amina.visit(bakary_profile)
    amina.page.get_by_role("link", name=EN["connections.action.request"]).click()
    amina.page.wait_for_load_state()
    amina.assert_accessible()
    amina.page.get_by_label(EN["connections.request.note"]).fill("We met at the Lyon forum.")
    amina.page.get_by_role("button", name=EN["connections.request.submit"]).click()
    amina.page.wait_for_load_state()
    assert EN["flash.connectionRequestSent"] in amina.page.inner_text("main")
    assert EN["connections.action.sent"] in amina.page.inner_text("main")
    amina.visit("/connections/sent")
    assert bakary_name in amina.page.inner_text("main")

    # Bakary sees the count in the header, opens the requests and accepts.
    bakary.visit("/members")
    badge = bakary.page.locator('[data-badge="connections"] .count')
    assert badge.inner_text() == "1"
    bakary.page.locator('[data-badge="connections"]').click()
    bakary.page.wait_for_load_state()
    bakary.assert_accessible()
    assert "We met at the Lyon forum." in bakary.page.inner_text("main")
    bakary.page.get_by_role("button", name=EN["connections.action.accept"].replace("{name}", amina_name)).click()
    bakary.page.wait_for_load_state()
    assert EN["flash.connectionAccepted"] in bakary.page.inner_text("main")
    assert amina_name in bakary.page.inner_text("main")
    bakary.page.screenshot(path=str(artifacts / "connections-accepted.png"), full_page=True)

    # Now a connection, Bakary sees the connections-only profile.
    response = bakary.visit(amina_profile)
    assert response.status == 200
    assert amina_name in bakary.page.inner_text("h1")

    # Amina blocks Bakary from his profile; each is then hidden from the other.
    amina.visit(bakary_profile)
    amina.page.get_by_role("link", name=EN["connections.action.block"].replace("{name}", bakary_name)).click()
    amina.page.wait_for_load_state()
    amina.assert_accessible()
    amina.page.get_by_role("button", name=EN["connections.block.submit"].replace("{name}", bakary_name)).click()
    amina.page.wait_for_load_state()
    assert EN["flash.memberBlocked"] in amina.page.inner_text("main")
    amina.assert_accessible()
    assert bakary_name in amina.page.inner_text("main")
    assert bakary.page.goto(server.base_url + amina_profile).status == 404
    assert amina.page.goto(server.base_url + bakary_profile).status == 404
    bakary.visit("/members")
    assert amina_name not in bakary.page.inner_text("main")
    bakary.visit("/connections")
    assert amina_name not in bakary.page.inner_text("main")

    # Unblocking from the account's block list.
    amina.visit("/account")
    amina.page.get_by_role("link", name=EN["connections.blocks.link"]).click()
    amina.page.wait_for_load_state()
    amina.page.get_by_role("button", name=EN["connections.action.unblock"].replace("{name}", bakary_name)).click()
    amina.page.wait_for_load_state()
    assert EN["flash.memberUnblocked"] in amina.page.inner_text("main")
    assert amina.page.goto(server.base_url + bakary_profile).status == 200
    amina_context.close()
    bakary_context.close()
