"""The findings of the outside security probe, each reproduced against the running server as the
probe sent it, one test per finding: forged sign-in, forged request ids, bearer tokens on
pages, repeated query parameters, telling taken addresses apart, Server-Timing on account routes,
reset requests per client, strangers locking an owner out, disguised text and links, and photos
that carry more than an image. (The hostile bodies are in test_hostile_input.py.)"""
import html.parser
import http.client
import json
import re
import struct
import time
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from conftest import client_address, launch_server, link_in, make_context
from test_accounts import EN, PASSWORD, api_post, fresh_email, register
from test_hostile_input import refused_while_alive

_own_addresses = iter(range(1, 255))


def own_client_address() -> str:
    """A client address no other module uses (TEST-NET-3), for counts that must be exact."""
    return f"203.0.113.{next(_own_addresses)}"


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)

    def set_cookies(self):
        return self.headers.get_all("Set-Cookie") or []

    def __repr__(self):
        return f"<{self.status} {self.headers.get('Content-Type')} {self.body[:200]!r}>"


def fetch(base_url, method, path, body=None, headers=None, timeout=30) -> Reply:
    """One request on its own connection; redirects are not followed."""
    url = urlparse(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        connection.close()


def api(server, method, path, body=None, *, token=None, headers=None) -> Reply:
    """A JSON API call (`body` is JSON-encoded unless it is bytes) from a fresh client address."""
    headers = {"X-Forwarded-For": client_address(), **(headers or {})}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None and not isinstance(body, bytes):
        body = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    return fetch(server.base_url, method, "/api/v1" + path, body, headers)


class Visitor:
    """A browser without a browser: keeps its cookies and one client address."""

    def __init__(self, server, address=None):
        self.base_url = server.base_url
        self.address = address or client_address()
        self.cookies = {}

    def request(self, method, path, body=None, headers=None) -> Reply:
        headers = {"X-Forwarded-For": self.address, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        reply = fetch(self.base_url, method, path, body, headers)
        for header in reply.set_cookies():
            name, _, rest = header.partition("=")
            value = rest.split(";")[0]
            if value == "" or "Max-Age=0" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return reply

    def form_token(self, path) -> str:
        reply = self.request("GET", path)
        assert reply.status == 200, reply
        return csrf_token_in(reply.text)

    def post_form(self, path, fields) -> Reply:
        return self.request("POST", path, urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"})


def csrf_token_in(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', page) or re.search(r'value="([^"]*)" name="csrf_token"', page)
    assert found, "no csrf_token field on the page"
    return found.group(1)


def h1_of(page: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""


def problem_fields(reply: Reply):
    assert reply.headers.get("Content-Type", "").startswith("application/problem+json"), reply
    return [error["field"] for error in reply.json().get("errors") or []]


def session_of(headers) -> str:
    cookies = [c.split(";")[0] for c in headers.get_all("Set-Cookie") or [] if c.startswith("od_session=")]
    assert cookies, headers.get_all("Set-Cookie")
    return cookies[0]


def signed_in_member(server, mail_sink, prefix, *, verified=False):
    """A member signed in through the API (its session cookie and CSRF token), optionally with
    the address confirmed from the verification mail."""
    address = fresh_email(prefix)
    mail = register(server, mail_sink, address, prefix.title())
    status, body, headers = api_post(server, "/auth/login", {"email": address, "password": PASSWORD})
    assert status == 200, body
    login = json.loads(body)
    member = SimpleNamespace(address=address, session=session_of(headers), csrf=login["csrfToken"], id=login["member"]["id"].lower())
    if verified:
        token = parse_qs(urlparse(link_in(mail, "/verify")).query)["token"][0]
        reply = fetch(server.base_url, "POST", "/verify", urlencode({"csrf_token": member.csrf, "token": token}).encode(),
                      {"Content-Type": "application/x-www-form-urlencoded", "Cookie": member.session, "X-Forwarded-For": client_address()})
        assert reply.status == 303, reply
    return member


@pytest.fixture(scope="module")
def api_member(server, mail_sink):
    """A confirmed member with a personal API token (made with the session cookie and X-CSRF-Token)."""
    member = signed_in_member(server, mail_sink, "probe-api", verified=True)
    reply = api(server, "POST", "/tokens", {"name": "probe"}, headers={"Cookie": member.session, "X-CSRF-Token": member.csrf})
    assert reply.status == 201, reply
    member.token = reply.json()["token"]
    return member


# MARK: - Sign-in forgery with a planted CSRF cookie

def test_a_planted_csrf_cookie_signs_no_one_in(server, mail_sink):
    """The probe planted `od_csrf=short` and sent the same value as the form's token: the
    cookie must be one the site signed, so nobody is signed in, though the password is right."""
    address = fresh_email("forgery")
    register(server, mail_sink, address, "Forgery")
    fields = urlencode({"csrf_token": "short", "email": address, "password": PASSWORD}).encode()
    reply = fetch(server.base_url, "POST", "/login", fields, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": "od_csrf=short", "X-Forwarded-For": client_address()})
    assert reply.status == 403, reply
    assert not any(c.startswith("od_session=") for c in reply.set_cookies()), reply.set_cookies()
    # The same form with the site's own token does sign in, so the 403 above is the token's doing.
    visitor = Visitor(server)
    token = visitor.form_token("/login")
    assert token.count(".") == 1 and token != "short"
    reply = visitor.post_form("/login", {"csrf_token": token, "email": address, "password": PASSWORD})
    assert reply.status == 303, reply
    assert "od_session" in visitor.cookies


# MARK: - Forged request ids

def test_request_ids_from_clients_cannot_forge_log_lines(server):
    forged = "FAKE-ID status=999 path=/spoofed"
    reply = fetch(server.base_url, "GET", "/healthz", headers={"X-Request-Id": forged})
    assert reply.status == 200
    echoed = reply.headers["X-Request-Id"]
    assert echoed != forged and "FAKE-ID" not in echoed
    assert re.fullmatch(r"[0-9A-Fa-f-]{36}", echoed), echoed
    plain = fetch(server.base_url, "GET", "/healthz", headers={"X-Request-Id": "probe-42"})
    assert plain.headers["X-Request-Id"] == "probe-42"
    # Both requests' lines are in the log (written as the answers go), none of them forged.
    deadline = time.monotonic() + 5
    while True:
        log = server.log_path.read_text(errors="replace")
        if echoed in log and "request-id=probe-42" in log:
            break
        assert time.monotonic() < deadline, "the requests' lines never reached the log"
        time.sleep(0.05)
    assert "FAKE-ID" not in log
    assert "status=999" not in log and "/spoofed" not in log


# MARK: - Bearer tokens on pages

def test_pages_ignore_bearer_tokens_and_the_api_refuses_a_bad_one(server):
    bearer = {"Authorization": "Bearer xyz", "X-Forwarded-For": client_address()}
    assert fetch(server.base_url, "GET", "/healthz", headers=bearer).status == 200
    login = fetch(server.base_url, "GET", "/login", headers=bearer)
    assert login.status == 200 and "Location" not in login.headers, login
    account = fetch(server.base_url, "GET", "/account", headers=bearer)
    assert account.status == 303, account
    location = account.headers["Location"]
    assert location.startswith("/login?return="), location
    followed = fetch(server.base_url, "GET", location, headers=bearer)
    assert followed.status == 200, f"{location} → {followed!r} (a redirect loop?)"
    me = fetch(server.base_url, "GET", "/api/v1/me", headers=bearer)
    assert me.status == 401
    assert me.headers["Content-Type"].startswith("application/problem+json")
    assert me.json()["status"] == 401


# MARK: - Repeated query parameters

def test_a_query_parameter_repeated_eight_thousand_times_is_refused_by_name(server):
    """Refused by name, whatever the length, while /healthz keeps answering."""
    query = "&".join(["origin=SN"] * 8000)
    page = refused_while_alive(server, "GET", "/members?" + query, {}, b"")
    assert page.status == 422, page
    assert page.content_type.startswith("text/html")
    listing = refused_while_alive(server, "GET", "/api/v1/members?" + query, {}, b"")
    assert listing.status == 422, listing
    assert problem_fields(Reply(listing.status, listing.headers, listing.body)) == ["origin"]
    # Within the per-name bound but past the overall ones: too long, too many.
    many = "&".join(f"p{i}=1" for i in range(201))
    assert fetch(server.base_url, "GET", "/api/v1/members?" + many).status == 414
    assert fetch(server.base_url, "GET", "/members?q=" + "x" * (17 * 1024)).status == 414
    assert fetch(server.base_url, "GET", "/api/v1/members?" + "&".join(["origin=SN", "origin=ML", "origin=MX"])).status == 200


# MARK: - Telling a taken address from a new one

def comparable(page: str) -> str:
    """The page without its CSRF token (the only part that may differ from one visitor to another)."""
    return re.sub(r'(name="csrf_token" value=")[^"]*"', r'\1"', page)


def test_joining_with_a_taken_address_answers_as_for_a_new_one(server, mail_sink):
    taken = fresh_email("probe-taken")
    register(server, mail_sink, taken, "Owner")
    fresh = fresh_email("probe-new")
    replies = {}
    for address in (fresh, taken):
        visitor = Visitor(server)
        token = visitor.form_token("/join")
        replies[address] = visitor.post_form("/join", {
            "csrf_token": token, "email": address, "displayName": "Someone", "password": "another long passphrase", "consent": "1"})
    new_page, taken_page = replies[fresh], replies[taken]
    assert new_page.status == taken_page.status == 200, (new_page, taken_page)
    assert h1_of(new_page.text) == h1_of(taken_page.text) == EN["join.sent.heading"]
    assert EN["join.sent.message"] in new_page.text
    assert comparable(new_page.text) == comparable(taken_page.text)
    assert mail_sink.wait_for(taken, "tried to join")
    assert mail_sink.wait_for(fresh, "Confirm")

    answers = [api(server, "POST", "/auth/register", {"email": a, "password": "a third long passphrase", "displayName": "X"})
               for a in (fresh_email("probe-new-api"), taken)]
    assert [a.status for a in answers] == [202, 202], answers
    assert answers[0].json() == answers[1].json() == {"message": EN["join.sent.message"]}

    forgot = [api(server, "POST", "/auth/password/forgot", {"email": a}) for a in (fresh_email("probe-nobody"), taken)]
    assert [f.status for f in forgot] == [202, 202], forgot
    assert forgot[0].body == forgot[1].body
    assert mail_sink.wait_for(taken, "Reset")


# MARK: - Server-Timing on account routes

def timing_probes(base_url):
    """Account routes, as pages and API, answered without any timing; then the bare route."""
    visitor = Visitor(SimpleNamespace(base_url=base_url))
    token = visitor.form_token("/login")
    unknown = fresh_email("probe-timing")
    replies = {
        "GET /login": visitor.request("GET", "/login"),
        "POST /login": visitor.post_form("/login", {"csrf_token": token, "email": unknown, "password": "wrong password here"}),
        "GET /join": visitor.request("GET", "/join"),
        "GET /password/forgot": visitor.request("GET", "/password/forgot"),
        "POST /password/forgot": visitor.post_form("/password/forgot", {"csrf_token": token, "email": unknown}),
        "GET /account": visitor.request("GET", "/account"),
    }
    for route, body in [("/auth/login", {"email": unknown, "password": "wrong password here"}),
                        ("/auth/password/forgot", {"email": unknown}),
                        ("/auth/register", {"email": unknown, "password": "x", "displayName": "X"})]:
        replies["POST /api/v1" + route] = fetch(base_url, "POST", "/api/v1" + route, json.dumps(body).encode(),
                                                {"Content-Type": "application/json", "X-Forwarded-For": client_address()})
    for name, reply in replies.items():
        assert reply.status < 500, f"{name} → {reply!r}"
        assert "Server-Timing" not in reply.headers, f"{name} sent Server-Timing: {reply.headers['Server-Timing']}"
    return fetch(base_url, "GET", "/healthz")


def test_server_timing_only_when_configured_and_never_on_account_routes(server, mail_sink):
    assert "Server-Timing" not in timing_probes(server.base_url).headers
    assert "Server-Timing" not in fetch(server.base_url, "GET", "/members").headers
    timed = launch_server(SERVER_TIMING="1", SMTP_URL=mail_sink.url)
    try:
        healthz = timing_probes(timed.base_url)
        assert healthz.status == 200
        assert re.fullmatch(r"app;dur=\d+(\.\d+)?", healthz.headers.get("Server-Timing", "")), healthz.headers
        assert "Server-Timing" in fetch(timed.base_url, "GET", "/members").headers
    finally:
        timed.stop()


# MARK: - Reset requests per client address

def test_reset_requests_are_limited_per_client_address(server):
    """One client asking for reset links for eleven different addresses: the eleventh is 429
    (each request would mail a real owner)."""
    address = own_client_address()
    statuses = []
    for _ in range(11):
        reply = fetch(server.base_url, "POST", "/api/v1/auth/password/forgot", json.dumps({"email": fresh_email("probe-reset")}).encode(),
                      {"Content-Type": "application/json", "X-Forwarded-For": address})
        statuses.append(reply.status)
    assert statuses == [202] * 10 + [429], statuses
    assert reply.headers["Content-Type"].startswith("application/problem+json")
    assert int(reply.headers["Retry-After"]) > 0
    # Another client is not affected.
    other = api(server, "POST", "/auth/password/forgot", {"email": fresh_email("probe-reset")})
    assert other.status == 202, other


# MARK: - Strangers locking the owner out

def sign_in_in_browser(page, base_url, address, password):
    """Submits the sign-in form and returns the status of the answer to the POST."""
    page.goto(base_url + "/login")
    page.get_by_label(EN["field.email"]).fill(address)
    page.get_by_label(EN["field.password"]).fill(password)
    with page.expect_response(lambda r: r.request.method == "POST" and urlparse(r.url).path == "/login") as answer:
        page.get_by_role("button", name=EN["login.submit"]).click()
    page.wait_for_load_state()
    return answer.value.status


def test_strangers_guessing_an_address_do_not_lock_its_owner_out(browser, server, mail_sink):
    address = fresh_email("probe-lockout")
    register(server, mail_sink, address, "Owner")
    owner = make_context(browser)
    owner_page = owner.new_page()
    assert sign_in_in_browser(owner_page, server.base_url, address, PASSWORD) == 303
    assert EN["flash.signedIn"] in owner_page.inner_text("main")
    assert any(c["name"] == "od_device" for c in owner.cookies()), owner.cookies()
    owner_page.get_by_role("button", name=EN["layout.logout"], exact=True).click()
    owner_page.wait_for_load_state()
    assert not any(c["name"] == "od_session" and c["value"] for c in owner.cookies())

    def guess(_):
        return api_post(server, "/auth/login", {"email": address, "password": f"wrong guess {uuid.uuid4().hex}"})[0]
    with ThreadPoolExecutor(max_workers=4) as pool:
        guesses = list(pool.map(guess, range(25)))
    assert guesses == [401] * 25, guesses

    stranger = make_context(browser)
    try:
        stranger_page = stranger.new_page()
        assert sign_in_in_browser(stranger_page, server.base_url, address, PASSWORD) == 429
        assert not any(c["name"] == "od_session" and c["value"] for c in stranger.cookies())
    finally:
        stranger.close()
    assert sign_in_in_browser(owner_page, server.base_url, address, PASSWORD) == 303
    assert EN["flash.signedIn"] in owner_page.inner_text("main")
    owner.close()


# MARK: - Disguised text

@pytest.mark.parametrize("field, value", [
    ("displayName", "Z" + "\u0301" * 2000),
    ("displayName", "x" + "\u0301" * 5),
    ("displayName", "Admin\u202e"),
    ("headline", "Nurse \u202egnp.exe"),
    ("city", "Ly\x07on"),
    ("city", "Lyon\nParis"),
    ("bio", "I train\u200b nurses."),
], ids=["zalgo-2000", "five-marks", "bidi-name", "bidi-headline", "control-city", "newline-city", "zero-width-bio"])
def test_disguised_text_is_refused_by_field(server, api_member, field, value):
    reply = api(server, "PATCH", "/me/profile", {field: value}, token=api_member.token)
    assert reply.status == 422, reply
    assert field in problem_fields(reply)


def test_real_writing_is_kept(server, api_member):
    """Four marks on a letter, emoji joined with ZWJ, line breaks in a bio: all real writing."""
    body = {"displayName": "x" + "\u0301" * 4 + " \U0001F469\u200D\U0001F469\u200D\U0001F467", "bio": "One line.\nAnother.",
            "countriesOfOrigin": ["SN"]}
    reply = api(server, "PATCH", "/me/profile", body, token=api_member.token)
    assert reply.status == 200, reply
    assert reply.json()["bio"] == "One line.\nAnother."


def test_a_token_name_with_a_bidi_override_is_refused(server, api_member):
    reply = api(server, "POST", "/tokens", {"name": "deploy\u202etxt.exe"}, token=api_member.token)
    assert reply.status == 422, reply
    assert problem_fields(reply) == ["name"]


# MARK: - Disguised links

class Anchors(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.anchors, self._href, self._text = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.anchors.append((self._href, "".join(self._text).strip()))
            self._href = None


@pytest.mark.parametrize("link", ["https://a.example/\u202efdp.exe", "https://a.example/\u200bfdp.exe", "https://a.\u2060example/"],
                         ids=["bidi-override", "zero-width-space", "word-joiner-in-host"])
def test_a_disguised_link_is_refused(server, api_member, link):
    reply = api(server, "PATCH", "/me/profile", {"links": [link], "countriesOfOrigin": ["SN"]}, token=api_member.token)
    assert reply.status == 422, reply
    assert problem_fields(reply) == ["links"]


def test_a_lookalike_host_is_shown_in_punycode(server, api_member):
    link = "https://\u0430pple.example/"  # Cyrillic а
    reply = api(server, "PATCH", "/me/profile", {"links": [link], "visibility": "public", "countriesOfOrigin": ["SN"]}, token=api_member.token)
    assert reply.status == 200, reply
    assert reply.json()["links"] == [link]
    page = fetch(server.base_url, "GET", f"/members/{api_member.id}")  # as a visitor
    assert page.status == 200, page
    parser = Anchors()
    parser.feed(page.text)
    texts = [text for href, text in parser.anchors if href and "pple.example" in href]
    assert texts == ["xn--pple-43d.example"], parser.anchors
    assert "\u0430pple" not in re.sub(r'href="[^"]*"', "", page.text)


# MARK: - Photos that carry more than an image

def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width=4, height=3, colour_type=2, before=(), image_data=None) -> bytes:
    """A PNG with correct CRCs whose IDAT inflates to height × (1 + width × bytes per pixel),
    every row with filter type 0; `before` are whole chunks placed before the image data."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    rows = b"".join(b"\x00" + b"\x5a" * (width * channels) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
            + b"".join(before) + png_chunk(b"IDAT", zlib.compress(rows) if image_data is None else image_data)
            + png_chunk(b"IEND", b""))


def png_chunk_types(data: bytes):
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    types, offset = [], 8
    while offset < len(data):
        length = struct.unpack(">I", data[offset:offset + 4])[0]
        types.append(data[offset + 4:offset + 8])
        offset += 12 + length
    return types


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


JFIF = jpeg_segment(0xE0, b"JFIF\0" + bytes([1, 2, 0, 0, 1, 0, 1, 0, 0]))
LOCATION = b"GPS 48.8584N 2.2945E"


def jpeg(width=3, height=2, segments=(JFIF,)) -> bytes:
    """A grey baseline JPEG (as ImageInspectorTests' Make.jpegImage): SOI, the given segments, DQT,
    SOF0 with one component, DHT, DRI, SOS, a few scan bytes with a stuffed byte and a restart
    marker, EOI."""
    data = b"\xff\xd8" + b"".join(segments)
    data += jpeg_segment(0xDB, b"\x00" + b"\x01" * 64)
    data += jpeg_segment(0xC0, bytes([8]) + struct.pack(">HH", height, width) + bytes([1, 1, 0x11, 0]))
    data += jpeg_segment(0xC4, bytes([0x00, 1]) + bytes(15) + b"\x00")
    data += jpeg_segment(0xDD, struct.pack(">H", 1))
    data += jpeg_segment(0xDA, bytes([1, 1, 0x00, 0, 63, 0]))
    data += bytes([0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56])
    return data + b"\xff\xd9"


def phone_exif(orientation: int) -> bytes:
    """An APP1 EXIF payload as a phone writes it (ImageSamples+EXIF.swift): little-endian IFD0
    with the camera make (a text holding the location), the orientation, and a GPS IFD pointer."""
    def u16(v): return struct.pack("<H", v)
    def u32(v): return struct.pack("<I", v)
    text = b"Phone " + LOCATION + b" MakerNote serial 0042 lens 26mm\0"
    text_at = 8 + 2 + 12 * 3 + 4
    gps_at = text_at + len(text)
    ifd0 = u16(3) + u16(0x010F) + u16(2) + u32(len(text)) + u32(text_at)
    ifd0 += u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0)
    ifd0 += u16(0x8825) + u16(4) + u32(1) + u32(gps_at) + u32(0)
    gps = u16(1) + u16(0x0001) + u16(2) + u32(2) + b"N\0\0\0" + u32(0)
    return b"Exif\0\0II" + u16(42) + u32(8) + ifd0 + text + gps


def put_photo(server, member, data: bytes, media_type: str) -> Reply:
    return api(server, "PUT", "/me/photo", data, token=member.token, headers={"Content-Type": media_type})


def served_photo(server, member, reply: Reply) -> bytes:
    """The stored photo as its owner gets it (a profile shown to members only is not for visitors)."""
    assert reply.status == 200, reply
    photo_url = reply.json()["photoURL"]
    assert photo_url.startswith("/media/"), photo_url
    served = fetch(server.base_url, "GET", photo_url, headers={"Authorization": f"Bearer {member.token}"})
    assert served.status == 200, served
    return served.body


def test_a_valid_png_and_jpeg_are_taken(server, api_member):
    """The builders below make real images: without anything hostile, both are accepted."""
    assert png_chunk_types(served_photo(server, api_member, put_photo(server, api_member, png(), "image/png"))) == [b"IHDR", b"IDAT", b"IEND"]
    assert served_photo(server, api_member, put_photo(server, api_member, jpeg(), "image/jpeg")) == jpeg()


def test_a_png_with_a_100_kb_transparency_chunk_is_refused(server, api_member):
    reply = put_photo(server, api_member, png(before=[png_chunk(b"tRNS", b"\x00" * 100_000)]), "image/png")
    assert reply.status == 422, reply
    assert problem_fields(reply) == ["photo"]


@pytest.mark.parametrize("image_data", [
    b"<html><body><script>alert(document.cookie)</script></body></html>",
    zlib.compress(b"<html><body><script>alert(document.cookie)</script></body></html>"),
], ids=["raw-html", "deflated-html"])
def test_a_png_whose_image_data_is_html_is_refused(server, api_member, image_data):
    reply = put_photo(server, api_member, png(image_data=image_data), "image/png")
    assert reply.status == 422, reply
    assert problem_fields(reply) == ["photo"]


def test_an_icc_profile_that_is_a_zlib_bomb_is_dropped(server, api_member):
    bomb = zlib.compress(bytes(50_000_000), 9)
    upload = png(before=[png_chunk(b"iCCP", b"bomb\0\0" + bomb)])
    served = served_photo(server, api_member, put_photo(server, api_member, upload, "image/png"))
    assert b"iCCP" not in served
    assert png_chunk_types(served) == [b"IHDR", b"IDAT", b"IEND"]


def test_a_motion_photo_trailer_is_cut_off(server, api_member):
    trailer = b"\0\0\0\x18ftypmp42" + bytes(12) + b"\0\0\x01\0mdat" + bytes(400_000)
    served = served_photo(server, api_member, put_photo(server, api_member, jpeg() + trailer, "image/jpeg"))
    assert served.endswith(b"\xff\xd9")
    assert b"ftyp" not in served and b"mdat" not in served
    assert served == jpeg()


def test_exif_keeps_the_orientation_alone(server, api_member):
    upload = jpeg(segments=[JFIF, jpeg_segment(0xE1, phone_exif(orientation=6))])
    served = served_photo(server, api_member, put_photo(server, api_member, upload, "image/jpeg"))
    assert LOCATION not in served and b"MakerNote" not in served and b"Phone" not in served
    app1 = served.find(b"\xff\xe1")
    assert app1 > 0 and served[app1 + 4:app1 + 10] == b"Exif\0\0", served[:80].hex()
    # A big-endian IFD0 holding only tag 0x0112 = 6, and no next IFD.
    minimal = (b"Exif\0\0MM\x00\x2a\x00\x00\x00\x08" + b"\x00\x01" + b"\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00"
               + b"\x00\x00\x00\x00")
    assert served[app1:app1 + 4 + len(minimal)] == jpeg_segment(0xE1, minimal)
