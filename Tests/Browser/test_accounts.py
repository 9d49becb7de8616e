"""Accounts as a new member meets them: join, confirm the address from the mail, sign in, change
language, sign out; forms that keep what was typed; mail that survives a failing mail server."""
import json
import urllib.error
import urllib.request
import uuid

from conftest import ROOT, CheckedPage, client_address, link_in, make_context, catalog

CATALOGS = {lang: catalog(lang) for lang in ("en", "fr", "es")}
EN, FR = CATALOGS["en"], CATALOGS["fr"]
PASSWORD = "a long and quiet river"


def fresh_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.org"


def api_post(server, path, body, headers=None):
    request = urllib.request.Request(
        server.base_url + "/api/v1" + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-Forwarded-For": client_address(), **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def register(server, mail_sink, address, name):
    """Joins through the API (202 whatever the address) and returns the verification mail; once it
    has arrived, the worker has made the member."""
    status, body, _ = api_post(server, "/auth/register", {"email": address, "password": PASSWORD, "displayName": name})
    assert status == 202, body
    assert json.loads(body)["message"] == EN["join.sent.message"]
    return mail_sink.wait_for(address, "Confirm")


def test_join_verify_sign_in_change_language_sign_out(checked_page, mail_sink, artifacts):
    page = checked_page.page
    address = fresh_email("join")

    checked_page.visit("/join")
    assert page.locator("h1").inner_text() == EN["join.heading"]
    page.get_by_label(EN["field.email"]).fill(address)
    page.get_by_label(EN["field.displayName"]).fill("Awa Ndiaye")
    page.get_by_label(EN["field.password"], exact=True).fill(PASSWORD)
    page.get_by_label(EN["join.consent"]).check()
    page.get_by_role("button", name=EN["join.submit"]).click()
    page.wait_for_load_state()
    # The same answer for an address that already has an account: nobody is signed in yet.
    assert page.locator("h1").inner_text() == EN["join.sent.heading"]
    assert EN["join.sent.message"] in page.inner_text("main")
    assert page.get_by_role("link", name=EN["layout.login"]).count() == 1
    checked_page.assert_accessible()

    mail = mail_sink.wait_for(address, "Confirm")
    assert mail["to"].addresses[0].display_name == "Awa Ndiaye"
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "<a href=" in html
    link = link_in(mail, "/verify")
    assert link.startswith(checked_page.base_url + "/verify?token=")

    page.goto(link)
    checked_page.assert_accessible()
    page.get_by_role("button", name=EN["verify.submit"]).click()
    page.wait_for_load_state()
    assert page.url.endswith("/login")
    assert EN["flash.verified"] in page.inner_text("main")

    page.get_by_label(EN["field.email"]).fill(address.upper())
    page.get_by_label(EN["field.password"]).fill(PASSWORD)
    page.get_by_role("button", name=EN["login.submit"]).click()
    page.wait_for_load_state()
    assert EN["flash.signedIn"] in page.inner_text("main")
    assert EN["layout.verify.banner"] not in page.inner_text("main")

    checked_page.visit("/account")
    page.screenshot(path=str(artifacts / "account-desktop.png"), full_page=True)
    page.get_by_label(EN["field.locale"]).select_option("fr")
    page.get_by_role("button", name=EN["account.language.submit"]).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == FR["account.heading"]
    assert FR["flash.languageChanged"] in page.inner_text("main")
    checked_page.assert_accessible()

    page.get_by_role("button", name=FR["layout.logout"], exact=True).click()
    page.wait_for_load_state()
    assert FR["flash.signedOut"] in page.inner_text("main")
    assert page.get_by_role("link", name=FR["layout.login"]).count() == 1


def test_a_failed_form_keeps_what_was_typed_without_javascript(browser, axe, server):
    context = make_context(browser, java_script_enabled=False)
    checked = CheckedPage(context.new_page(), axe, server.base_url, browser=browser)
    page = checked.page
    checked.visit("/join")
    page.get_by_label(EN["field.email"]).fill("kept@example.org")
    page.get_by_label(EN["field.displayName"]).fill("Kept Name")
    page.get_by_label(EN["field.password"], exact=True).fill("short")
    page.get_by_role("button", name=EN["join.submit"]).click()
    page.wait_for_load_state()
    assert page.get_by_label(EN["field.email"]).input_value() == "kept@example.org"
    assert page.get_by_label(EN["field.displayName"]).input_value() == "Kept Name"
    assert page.get_by_label(EN["field.password"], exact=True).input_value() == ""
    password_error = page.locator("#f-password-error").inner_text()
    assert password_error == EN["password.error.short"].replace("{min}", "12")
    assert "f-password-error" in page.get_by_label(EN["field.password"], exact=True).get_attribute("aria-describedby")
    assert page.locator("#f-consent-error").inner_text() == EN["join.error.consent"]
    context.close()


def test_joining_with_an_address_in_use_tells_only_its_owner(checked_page, server, mail_sink):
    address = fresh_email("taken")
    register(server, mail_sink, address, "First Owner")
    page = checked_page.page
    checked_page.visit("/join")
    page.get_by_label(EN["field.email"]).fill(address.upper())
    page.get_by_label(EN["field.displayName"]).fill("Someone Else")
    page.get_by_label(EN["field.password"], exact=True).fill("another long passphrase")
    page.get_by_label(EN["join.consent"]).check()
    page.get_by_role("button", name=EN["join.submit"]).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == EN["join.sent.heading"]
    notice = mail_sink.wait_for(address, "tried to join")
    assert link_in_text(notice, "/login")
    # The owner's password still works; the stranger's does not.
    assert api_post(server, "/auth/login", {"email": address, "password": PASSWORD})[0] == 200
    assert api_post(server, "/auth/login", {"email": address, "password": "another long passphrase"})[0] == 401


def link_in_text(message, path):
    text = message.get_body(preferencelist=("plain",)).get_content()
    return any(word.endswith(path) for word in text.split())


def test_mail_refused_by_the_server_is_retried_until_it_is_accepted(server, mail_sink):
    address = fresh_email("retry")
    mail_sink.refuse_next(2)
    refused_before = mail_sink.refused
    status, body, _ = api_post(server, "/auth/register", {"email": address, "password": PASSWORD, "displayName": "Retry"})
    assert status == 202, body
    mail = mail_sink.wait_for(address, timeout=30)
    assert mail_sink.refused - refused_before == 2
    assert link_in(mail, "/verify")


def test_mail_waits_while_the_mail_server_is_down(server, mail_sink):
    mail_sink.stop()
    try:
        address = fresh_email("down")
        status, body, _ = api_post(server, "/auth/register", {"email": address, "password": PASSWORD, "displayName": "Down"})
        assert status == 202, body
        import time
        time.sleep(3)
    finally:
        mail_sink.start()
    mail = mail_sink.wait_for(address, timeout=40)
    assert mail["subject"]


def test_password_reset_from_the_mail(checked_page, server, mail_sink):
    address = fresh_email("reset")
    register(server, mail_sink, address, "Reset")
    page = checked_page.page
    checked_page.visit("/password/forgot")
    page.get_by_label(EN["field.email"]).fill(address)
    page.get_by_role("button", name=EN["forgot.submit"]).click()
    page.wait_for_load_state()
    assert EN["forgot.sent"] in page.inner_text("main")
    checked_page.assert_accessible()
    mail = mail_sink.wait_for(address, "Reset")
    page.goto(link_in(mail, "/password/reset"))
    checked_page.assert_accessible()
    page.get_by_label(EN["field.newPassword"]).fill("another quiet river bank")
    page.get_by_role("button", name=EN["reset.submit"]).click()
    page.wait_for_load_state()
    assert page.url.endswith("/login")
    assert EN["flash.passwordReset"] in page.inner_text("main")
    status, _, _ = api_post(server, "/auth/login", {"email": address, "password": "another quiet river bank"})
    assert status == 200


def test_no_secret_in_any_answer(server, mail_sink):
    address = fresh_email("secret")
    status, body, _ = api_post(server, "/auth/register", {"email": address, "password": PASSWORD, "displayName": "Secret"})
    assert status == 202
    assert PASSWORD.encode() not in body and b"$2" not in body and b"hash" not in body.lower()
    mail_sink.wait_for(address, "Confirm")
    status, body, headers = api_post(server, "/auth/login", {"email": address, "password": PASSWORD})
    assert status == 200
    cookie = next(c for c in headers.get_all("Set-Cookie") if c.startswith("od_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert PASSWORD.encode() not in body


def test_change_email_from_the_account_page_and_read_the_legal_pages(checked_page, server, mail_sink):
    address, new_address = fresh_email("change"), fresh_email("changed")
    register(server, mail_sink, address, "Mover")
    page = checked_page.page
    checked_page.visit("/login")
    page.get_by_label(EN["field.email"]).fill(address)
    page.get_by_label(EN["field.password"]).fill(PASSWORD)
    page.get_by_role("button", name=EN["login.submit"]).click()
    page.wait_for_load_state()
    checked_page.visit("/account")
    page.get_by_label(EN["field.newEmail"]).fill(new_address)
    page.locator("#f-emailPassword").fill(PASSWORD)
    page.get_by_role("button", name=EN["account.email.submit"]).click()
    page.wait_for_load_state()
    assert EN["flash.emailChangeSent"] in page.inner_text("main")
    mail = mail_sink.wait_for(new_address)
    page.goto(link_in(mail, "/account/email/confirm"))
    checked_page.assert_accessible()
    page.get_by_role("button", name=EN["confirmEmail.submit"]).click()
    page.wait_for_load_state()
    assert EN["flash.emailChanged"] in page.inner_text("main")
    assert new_address in page.inner_text("main")
    assert mail_sink.wait_for(address, "another email address")
    for path, key in (("/terms", "legal.terms.title"), ("/privacy", "legal.privacy.title")):
        checked_page.visit(path)
        assert page.locator("h1").inner_text() == EN[key]
