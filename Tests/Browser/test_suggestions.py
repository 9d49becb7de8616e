""""People you may want to meet" as a new member sees it on the home page: another member from
the same country is suggested with the reason stated, and "Send connection request" is one
click away. axe-core checks the page."""
import uuid

from conftest import CheckedPage, make_context
from test_accounts import EN
from test_connections import save_profile
from test_profiles import joined_and_verified


def test_a_member_from_the_same_country_is_suggested_with_its_reason(browser, axe, server, mail_sink):
    amina_context, bakary_context = make_context(browser), make_context(browser)
    amina = CheckedPage(amina_context.new_page(), axe, server.base_url)
    bakary = CheckedPage(bakary_context.new_page(), axe, server.base_url)
    amina_name, bakary_name = f"Amina {uuid.uuid4().hex[:6]}", f"Bakary {uuid.uuid4().hex[:6]}"
    joined_and_verified(amina.page, server, mail_sink, amina_name)
    joined_and_verified(bakary.page, server, mail_sink, bakary_name)
    save_profile(amina, "public")
    bakary_profile = save_profile(bakary, "public")

    amina.visit("/")
    section = amina.page.locator("section.suggestions")
    assert EN["suggestions.heading"] in section.inner_text()
    card = section.locator("li.member-card", has_text=bakary_name)
    assert EN["suggestions.reason.origin"].replace("{countries}", "Senegal") in card.inner_text()
    amina.assert_accessible()

    card.get_by_role("link", name=EN["connections.action.request"]).click()
    amina.page.wait_for_load_state()
    assert amina.page.url.endswith(bakary_profile + "/connect")
