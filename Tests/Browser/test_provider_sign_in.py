"""Joining and signing in through an OpenID Connect provider, as a member does it in a browser:
the button on the sign-in page, the provider's own page, the confirmation page, the account's
sign-in methods; and a member who says no at the provider."""
import json

import pytest

from conftest import ROOT, CheckedPage, launch_server, make_context, catalog
from fake_oidc import FakeProvider

EN = catalog("en")


def text(key, **values):
    value = EN[key]
    for name, replacement in values.items():
        value = value.replace("{" + name + "}", replacement)
    return value


@pytest.fixture(scope="module")
def provider():
    fake = FakeProvider({"sub": "browser-subject-1", "email": "leila.mansour@example.org", "name": "Leila Mansour"}).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def sso_server(provider):
    running = launch_server(**provider.settings())
    yield running
    running.stop()


@pytest.fixture
def sso_page(browser, axe, sso_server):
    context = make_context(browser)
    yield CheckedPage(context.new_page(), axe, sso_server.base_url)
    context.close()


def test_join_through_the_provider_then_sign_in_again(sso_page, provider, artifacts):
    page = sso_page.page
    sso_page.visit("/login")
    page.get_by_role("link", name=text("providers.continueWith", provider="Agency SSO")).click()
    page.wait_for_load_state()
    assert page.url.startswith(provider.issuer + "/authorize?")
    assert "code_challenge_method=S256" in page.url
    page.get_by_role("link", name="Approve").click()
    page.wait_for_load_state()

    assert page.url.endswith("/auth/confirm")
    sso_page.assert_accessible()
    assert page.locator("h1").inner_text() == text("providerSignIn.confirm.heading", provider="Agency SSO")
    assert page.get_by_label(EN["field.displayName"]).input_value() == "Leila Mansour"
    assert page.get_by_label(EN["field.email"]).input_value() == "leila.mansour@example.org"
    page.get_by_role("button", name=EN["providerSignIn.confirm.submit"]).click()
    page.wait_for_load_state()
    assert text("join.error.consent") in page.inner_text("main")
    page.get_by_label(EN["join.consent"]).check()
    page.get_by_role("button", name=EN["providerSignIn.confirm.submit"]).click()
    page.wait_for_load_state()
    assert EN["flash.joinedVerified"] in page.inner_text("main")
    assert EN["layout.verify.banner"] not in page.inner_text("main")
    # The token call carried the client secret and the PKCE verifier (the fake checked both).
    assert provider.token_requests[-1]["code_verifier"]

    sso_page.visit("/account")
    methods = page.locator("section", has=page.get_by_role("heading", name=EN["account.identities.heading"]))
    assert "Agency SSO" in methods.inner_text()
    assert EN["account.identities.onlyWay"] in methods.inner_text()
    page.screenshot(path=str(artifacts / "account-sign-in-methods.png"), full_page=True)

    sso_page.visit("/me/profile")
    assert page.get_by_label(EN["field.displayName"]).input_value() == "Leila Mansour"

    page.get_by_role("button", name=EN["layout.logout"]).click()
    page.wait_for_load_state()
    sso_page.visit("/login")
    page.get_by_role("link", name=text("providers.continueWith", provider="Agency SSO")).click()
    page.get_by_role("link", name="Approve").click()
    page.wait_for_load_state()
    assert EN["flash.signedIn"] in page.inner_text("main")
    sso_page.visit("/account")
    assert "leila.mansour@example.org" in page.inner_text("main")


def test_saying_no_at_the_provider_changes_nothing(sso_page, provider):
    page = sso_page.page
    sso_page.visit("/join")
    page.get_by_role("link", name=text("providers.continueWith", provider="Agency SSO")).click()
    page.get_by_role("link", name="Deny").click()
    page.wait_for_load_state()
    sso_page.assert_accessible()
    assert text("providerSignIn.refused.cancelled", provider="Agency SSO") in page.inner_text("main")
    assert page.get_by_role("link", name=text("providerSignIn.tryAgain", provider="Agency SSO")).is_visible()
