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
