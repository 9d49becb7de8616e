"""Odd and hostile requests against the running server: each gets a 4xx or a page, never a 5xx,
and the server keeps answering."""
import http.client
from urllib.parse import urlparse

import pytest

PATHS = [
    "/%ZZ", "/%00", "/" + "a" * 300, "/" + "b/" * 700, "/css/" + "%C3%A9" * 200, "/../../etc/passwd",
    "/css/../../Package.swift", "/language/fr?return=%00", "/language/fr?return=/%0d%0aSet-Cookie:x=1",
    "/language/fr?return=//evil.example", "/language/%C3%A9", "/?a=%ff%fe", "/api/v1/%ZZ", "/api", "/readyz?x=1",
    "/" + "?q=" + "x" * 6000,
]
HEADERS = [
    {"Accept-Language": ",".join(["xx;q=0.5"] * 2000)},
    {"Accept-Language": "fr;q=NaN, es;q=-1, en;q=99"},
    {"Cookie": "lang=%%%; lang=fr"},
    {"Cookie": "lang=" + "x" * 3000},
    {"X-Request-Id": "a" * 1000},
    {"Accept-Encoding": "gzip;q=bogus, br, *"},
]


def request(base_url, path, headers=None, method="GET"):
    url = urlparse(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


@pytest.mark.parametrize("path", PATHS)
def test_odd_paths_never_fail_the_server(server, path):
    assert request(server.base_url, path) < 500


@pytest.mark.parametrize("headers", HEADERS)
def test_odd_headers_never_fail_the_server(server, headers):
    assert request(server.base_url, "/", headers) < 500


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_unexpected_methods_are_refused_cleanly(server, method):
    assert 400 <= request(server.base_url, "/", method=method) < 500


def test_still_ready_afterwards(server):
    assert request(server.base_url, "/readyz") == 200


FORM_PATHS = [
    "/join", "/login", "/verify", "/verify/resend", "/password/forgot", "/password/reset", "/account/email",
    "/account/email/confirm", "/account/password", "/account/language", "/account/tokens",
    "/account/tokens/not-a-uuid/revoke", "/api/v1/auth/register", "/api/v1/auth/login",
    "/api/v1/auth/password/forgot", "/api/v1/auth/password/reset", "/api/v1/tokens",
]


def hostile_bodies(token):
    return [
        ("application/x-www-form-urlencoded", f"csrf_token={token}&email[]=a&password[x]=b&displayName[][]=c"),
        ("application/x-www-form-urlencoded", f"csrf_token={token}&email=%00&displayName=%00&password=%00&consent=1"
                                              "&returnTo=%00&token=%00&locale=%00&name=%00&newEmail=%00"),
        ("application/x-www-form-urlencoded", f"csrf_token={token}&" + "&".join(f"k{i}=v" for i in range(3000))),
        ("application/x-www-form-urlencoded", f"csrf_token={token}&email=" + "a" * 15000),
        ("application/x-www-form-urlencoded", "%%%%&&&==="),
        ("multipart/form-data; boundary=zz", f"--zz\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}"
                                             "\r\n--zz\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n\x00\r\n--zz--\r\n"),
        ("multipart/form-data", "garbage"),
        ("application/json", '{"email": ["x"], "password": {"a": 1}, "name": 5}'),
        ("application/json", '{"email": "\\u0000", "password": "\\u0000", "displayName": "\\u0000", "token": "\\u0000", "name": "\\u0000", "locale": "\\u0000"}'),
        ("application/json", "[" * 5000 + "]" * 5000),
        ("application/json", '{"email": 1e400}'),
        ("application/json", "not json"),
        ("text/plain", "hello"),
    ]


def test_hostile_forms_and_bodies_never_fail_the_server_signed_in_or_not(browser, server):
    """Every account form and API body, anonymous and then signed in, with malformed, nested,
    oversized, NUL-laden and mistyped input (the browser context carries the cookies)."""
    from conftest import make_context

    context = make_context(browser)
    page = context.new_page()
    address = "hostile@example.org"
    for signed_in in (False, True):
        if signed_in:
            page.goto(server.base_url + "/join")
            page.fill("#f-email", address)
            page.fill("#f-displayName", "Hostile")
            page.fill("#f-password", "a long hostile test phrase")
            page.check("#f-consent")
            page.click("button[type=submit] >> nth=-1")
            page.wait_for_load_state()
            page.goto(server.base_url + "/account")
            assert page.url.endswith("/account")
        else:
            page.goto(server.base_url + "/login")
        token = page.locator("input[name=csrf_token]").first.get_attribute("value")
        for path in FORM_PATHS:
            for content_type, body in hostile_bodies(token):
                response = page.request.post(server.base_url + path, data=body.encode(),
                                             headers={"Content-Type": content_type, "X-CSRF-Token": token})
                assert response.status < 500, f"{path} {content_type} {body[:60]!r} → {response.status}"
    page.goto(server.base_url + "/account")
    assert page.url.endswith("/account"), "the session did not survive"
    context.close()
