"""Odd and hostile requests against the running server: each gets a 4xx or a page, never a 5xx,
and the server keeps answering.

The second half reproduces an outside security probe's hostile bodies byte for byte (raw
sockets, so nothing is normalised on the way): tens of thousands of tiny multipart parts,
thousands of repeated field names, one huge field, an oversized part header, a boundary that
never closes, a chunked body far over the limit, and several of them at once. Each must be
refused with the documented 4xx while `/healthz`, asked on another connection while the hostile
request is still being sent, answers 200. Times are never asserted: 5 s is a liveness bound."""
import http.client
import json
import socket
import threading
import time
from urllib.parse import urlparse

import pytest

from conftest import make_context
from test_accounts import EN, PASSWORD, api_post, fresh_email, register

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


def test_hostile_forms_and_bodies_never_fail_the_server_signed_in_or_not(browser, server, mail_sink):
    """Every account form and API body, anonymous and then signed in, with malformed, nested,
    oversized, NUL-laden and mistyped input (the browser context carries the cookies). Joining
    signs no one in (it answers "check your mail"), so the member is made through the API and
    signs in through the sign-in page."""
    context = make_context(browser)
    page = context.new_page()
    address = fresh_email("hostile")
    register(server, mail_sink, address, "Hostile")
    for signed_in in (False, True):
        page.goto(server.base_url + "/login")
        if signed_in:
            page.get_by_label(EN["field.email"]).fill(address)
            page.get_by_label(EN["field.password"]).fill(PASSWORD)
            page.get_by_role("button", name=EN["login.submit"]).click()
            page.wait_for_load_state()
            assert EN["flash.signedIn"] in page.inner_text("main")
            page.goto(server.base_url + "/account")
            assert page.url.endswith("/account")
        token = page.locator("input[name=csrf_token]").first.get_attribute("value")
        for path in FORM_PATHS:
            for content_type, body in hostile_bodies(token):
                response = page.request.post(server.base_url + path, data=body.encode(),
                                             headers={"Content-Type": content_type, "X-CSRF-Token": token})
                assert response.status < 500, f"{path} {content_type} {body[:60]!r} → {response.status}"
    page.goto(server.base_url + "/account")
    assert page.url.endswith("/account"), "the session did not survive"
    context.close()


# MARK: - The probe's hostile bodies, byte for byte

LIVENESS_SECONDS = 5
PIECE = 64 * 1024


class Answer:
    """A response read off a raw socket, and whether the same connection still answered after it."""

    def __init__(self, status, headers, body, send_error=None, follow_up=None):
        self.status = status
        self.headers = headers
        self.body = body
        self.send_error = send_error
        self.follow_up = follow_up

    @property
    def content_type(self):
        return self.headers.get("Content-Type", "")

    def __repr__(self):
        return f"<{self.status} {self.content_type} {self.body[:120]!r} send_error={self.send_error!r}>"


def healthz(base_url, timeout=LIVENESS_SECONDS) -> int:
    """`/healthz` on a connection of its own."""
    url = urlparse(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def send_raw(base_url, method, path, headers=None, body=b"", *, chunked=False, midway=None, follow_up=None, timeout=60) -> Answer:
    """Sends exactly these bytes: the request line, the headers given (plus Host, and
    Content-Length unless `chunked` or a GET without a body), then the body in 64 KiB pieces
    (chunk-framed when `chunked`). `midway()` runs once half the body is on the wire (for no
    body, once the headers are), while the request is still in flight. An early answer may close the connection under the rest of the body: the error is
    kept and the answer still read. With `follow_up`, that path is then asked for on the same
    connection (unless the server said `Connection: close`)."""
    url = urlparse(base_url)
    lines = [f"{method} {path} HTTP/1.1", f"Host: {url.hostname}:{url.port}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    elif body or method not in ("GET", "HEAD"):
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    pieces = [body[i:i + PIECE] for i in range(0, len(body), PIECE)]
    sock = socket.create_connection((url.hostname, url.port), timeout=timeout)
    send_error = None
    try:
        try:
            sock.sendall(head)
            for index, piece in enumerate(pieces):
                if midway and index == len(pieces) // 2:
                    midway()
                    midway = None
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError as error:
            send_error = error
        if midway:
            midway()
        response = http.client.HTTPResponse(sock, method=method)
        response.begin()
        answer = Answer(response.status, response.headers, response.read(), send_error)
        if follow_up and send_error is None and response.headers.get("Connection", "").lower() != "close":
            sock.sendall(f"GET {follow_up} HTTP/1.1\r\nHost: {url.hostname}:{url.port}\r\n\r\n".encode())
            second = http.client.HTTPResponse(sock, method="GET")
            second.begin()
            second.read()
            answer.follow_up = second.status
        return answer
    finally:
        sock.close()


def refused_while_alive(server, method, path, headers, body, statuses=range(400, 500), **options) -> Answer:
    """Sends the hostile request in a thread; halfway through its body, while it is in flight,
    `/healthz` must answer 200 on another connection, and again once the answer is in."""
    in_flight, checked = threading.Event(), threading.Event()
    outcome = {}

    def midway():
        in_flight.set()
        checked.wait(timeout=30)

    def hostile():
        try:
            outcome["answer"] = send_raw(server.base_url, method, path, headers, body, midway=midway, **options)
        except BaseException as error:  # reported by the test, not lost in the thread
            outcome["error"] = error
            in_flight.set()

    thread = threading.Thread(target=hostile, daemon=True)
    thread.start()
    try:
        assert in_flight.wait(timeout=30), "the hostile request never got halfway"
        assert healthz(server.base_url) == 200, "/healthz did not answer while the hostile request was in flight"
    finally:
        checked.set()
    thread.join(timeout=120)
    assert not thread.is_alive(), f"no answer to {method} {path} within 120 s"
    if "error" in outcome:
        raise AssertionError(f"{method} {path}: {outcome['error']!r}") from outcome["error"]
    answer = outcome["answer"]
    assert answer.status < 500, f"{method} {path} → {answer!r}"
    assert answer.status in statuses, f"{method} {path} → {answer!r}"
    assert healthz(server.base_url) == 200, f"/healthz did not answer after {method} {path}"
    return answer


def assert_error_format(answer, path):
    """Under /api/ a refusal is problem+json; elsewhere an HTML error page."""
    if path.startswith("/api/"):
        assert answer.content_type.startswith("application/problem+json"), answer
        assert json.loads(answer.body)["status"] == answer.status
    else:
        assert answer.content_type.startswith("text/html"), answer
        assert b"<html" in answer.body


def tiny_parts(count, boundary=b"XyZ") -> bytes:
    part = b'--%s\r\nContent-Disposition: form-data; name="k%d"\r\n\r\nv\r\n'
    return b"".join(part % (boundary, i) for i in range(count)) + b"--%s--\r\n" % boundary


def repeated_fields(count) -> bytes:
    return b"&".join(b"email=a" for _ in range(count))


MULTIPART = {"Content-Type": "multipart/form-data; boundary=XyZ"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def member_cookie(server, mail_sink):
    """The session cookie of a member signed in through the API (only refused requests use it)."""
    address = fresh_email("hostile-body")
    register(server, mail_sink, address, "Hostile Body")
    status, body, headers = api_post(server, "/auth/login", {"email": address, "password": PASSWORD})
    assert status == 200, body
    session = [c.split(";")[0] for c in headers.get_all("Set-Cookie") if c.startswith("od_session=")]
    assert session, headers.get_all("Set-Cookie")
    return session[0]


def signed(member_cookie, signed_in):
    """Headers for a signed-out visitor (who planted a CSRF cookie, as the probe did) or the member."""
    return {"Cookie": member_cookie} if signed_in else {"Cookie": "od_csrf=x"}


# Where each goes and what it must get: a page form is urlencoded only (415 for multipart); the
# photo form takes at most 4 parts (413 for more), and only from a signed-in member: anyone else
# is sent to sign in (303) before a byte of the body is read.
TINY_PARTS = [
    ("/login", False, 10_000, 415),
    ("/login", False, 50_000, 415),
    ("/me/profile", True, 10_000, 415),
    ("/me/profile", True, 50_000, 415),
    ("/me/photo", True, 10_000, 413),
    ("/me/photo", True, 50_000, 413),
    ("/me/photo", False, 50_000, 303),
    ("/api/v1/auth/login", False, 50_000, 415),
]


@pytest.mark.parametrize("path, signed_in, count, expected", TINY_PARTS,
                         ids=[f"{p}-{'in' if s else 'out'}-{c}" for p, s, c, _ in TINY_PARTS])
def test_many_tiny_multipart_parts_are_refused_while_the_server_answers(server, member_cookie, path, signed_in, count, expected):
    answer = refused_while_alive(server, "POST", path, {**MULTIPART, **signed(member_cookie, signed_in)}, tiny_parts(count),
                                 statuses=range(300, 500))
    assert answer.status == expected, answer
    if expected == 303:
        assert answer.headers["Location"].startswith("/login"), answer
    else:
        assert_error_format(answer, path)


@pytest.mark.parametrize("path, signed_in", [("/login", False), ("/me/profile", True)])
def test_ten_thousand_repeated_field_names_are_refused(server, member_cookie, path, signed_in):
    answer = refused_while_alive(server, "POST", path, {**FORM, **signed(member_cookie, signed_in)}, repeated_fields(10_000))
    assert answer.status == 413, answer
    assert_error_format(answer, path)


@pytest.mark.parametrize("path, signed_in", [("/login", False), ("/me/profile", True), ("/api/v1/auth/login", False)])
def test_a_five_megabyte_field_is_refused(server, member_cookie, path, signed_in):
    if path.startswith("/api/"):
        headers, body = {"Content-Type": "application/json"}, b'{"email": "' + b"a" * 5_000_000 + b'"}'
    else:
        headers, body = {**FORM, **signed(member_cookie, signed_in)}, b"email=" + b"a" * 5_000_000
    answer = refused_while_alive(server, "POST", path, headers, body)
    assert answer.status == 413, answer
    assert_error_format(answer, path)


def test_a_megabyte_part_header_is_refused(server, member_cookie):
    body = (b'--XyZ\r\nContent-Disposition: form-data; name="photo"; filename="' + b"a" * 1_000_000
            + b'.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ--\r\n')
    answer = refused_while_alive(server, "POST", "/me/photo", {**MULTIPART, "Cookie": member_cookie}, body)
    assert answer.status == 400, answer
    assert_error_format(answer, "/me/photo")


def test_a_boundary_that_never_closes_is_refused(server, member_cookie):
    body = b'--XyZ\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n\r\n' + b"\x89PNG" + b"\x00" * 5_000_000
    answer = refused_while_alive(server, "POST", "/me/photo", {**MULTIPART, "Cookie": member_cookie}, body)
    assert answer.status == 400, answer
    assert_error_format(answer, "/me/photo")


@pytest.mark.parametrize("path", ["/login", "/api/v1/auth/login"])
def test_a_chunked_body_far_over_the_limit_is_refused_and_the_connection_handled(server, path):
    """No Content-Length, so the limit can only bite while the body streams in (20 MB against
    8 KiB); the connection then either answers again or was closed on purpose."""
    if path.startswith("/api/"):
        headers, body = {"Content-Type": "application/json"}, b'{"email": "' + b"a" * 20_000_000 + b'"}'
    else:
        headers, body = FORM, b"email=" + b"a" * 20_000_000
    answer = refused_while_alive(server, "POST", path, headers, body, chunked=True, follow_up="/healthz")
    assert answer.status == 413, answer
    assert_error_format(answer, path)
    if answer.send_error is None and answer.headers.get("Connection", "").lower() != "close":
        assert answer.follow_up == 200, f"the connection was left unusable after the refusal: {answer!r}"


def test_a_body_where_none_is_taken_is_refused(server):
    answer = refused_while_alive(server, "POST", "/api/v1/auth/logout", {"Content-Type": "application/json"}, b'{"a": 1}' * 1000)
    assert answer.status == 413, answer
    assert_error_format(answer, "/api/v1/auth/logout")


def test_several_hostile_bodies_at_once_leave_the_server_answering(server, member_cookie):
    """Four 50,000-part bodies in parallel (signed out and in, page and photo forms): all
    refused, and `/healthz` answers while all four are in flight and after."""
    cases = [("/login", False, 415), ("/me/profile", True, 415), ("/me/photo", True, 413), ("/me/photo", False, 303)]
    body = tiny_parts(50_000)
    halfway = threading.Semaphore(0)
    checked = threading.Event()
    answers, errors = {}, {}

    def midway():
        halfway.release()
        checked.wait(timeout=30)

    def hostile(index, path, signed_in):
        try:
            answers[index] = send_raw(server.base_url, "POST", path, {**MULTIPART, **signed(member_cookie, signed_in)}, body, midway=midway)
        except BaseException as error:
            errors[index] = error
            halfway.release()

    threads = [threading.Thread(target=hostile, args=(i, p, s), daemon=True) for i, (p, s, _) in enumerate(cases)]
    for thread in threads:
        thread.start()
    try:
        for _ in threads:
            assert halfway.acquire(timeout=30), "the hostile requests never got halfway"
        assert healthz(server.base_url) == 200, "/healthz did not answer with four hostile requests in flight"
    finally:
        checked.set()
    deadline = time.monotonic() + 120
    while any(thread.is_alive() for thread in threads):
        assert time.monotonic() < deadline, "the hostile requests got no answer within 120 s"
        assert healthz(server.base_url) == 200, "/healthz stopped answering while the hostile requests were read"
        for thread in threads:
            thread.join(timeout=0.05)
    assert errors == {}, errors
    for index, (path, _, expected) in enumerate(cases):
        assert answers[index].status == expected, f"{path}: {answers[index]!r}"
    assert healthz(server.base_url) == 200


def test_an_endless_refused_body_stops_being_read(server):
    """A refused body is read and thrown away only up to a bound (32 MiB), so that a browser
    sending a photo a little too large sees the error page; past it the server stops reading that
    connection, so an endless stream costs it nothing more. Sends without end until the server
    has taken nothing for two seconds, then checks it took little more than the bound."""
    url = urlparse(server.base_url)
    sock = socket.create_connection((url.hostname, url.port), timeout=10)
    try:
        sock.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n%s\r\n" % (PIECE, b"a" * PIECE)
        sock.setblocking(False)
        sent, answer, stalled_since, pending = 0, b"", None, memoryview(chunk)
        while True:
            try:
                # A partial send keeps the rest of the chunk, so the framing stays valid.
                count = sock.send(pending)
                sent += count
                pending = pending[count:] if count < len(pending) else memoryview(chunk)
                stalled_since = None
            except BlockingIOError:
                stalled_since = stalled_since or time.monotonic()
                if time.monotonic() - stalled_since > 2:
                    break
                time.sleep(0.01)
            try:
                answer += sock.recv(65536)
            except BlockingIOError:
                pass
            assert sent < 256 * 1024 * 1024, "the server kept reading a refused body"
        assert answer.startswith(b"HTTP/1.1 413"), answer[:80]
        # The bound, plus what the kernel's socket buffers hold on both sides.
        assert sent < 48 * 1024 * 1024, f"{sent / 1e6:.0f} MB taken"
    finally:
        sock.close()
    assert healthz(server.base_url) == 200
