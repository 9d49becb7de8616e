"""The JSON API against its own OpenAPI document, fuzzed by schemathesis: no 5xx, and every answer
(status, content type, body) as the document says. Authenticated with a real personal token."""
import json
import subprocess
import sys
from pathlib import Path

from test_accounts import PASSWORD, api_post, fresh_email


def test_the_api_keeps_to_its_document(server, mail_sink, tmp_path):
    address = fresh_email("schemathesis")
    status, body, _ = api_post(server, "/auth/register", {"email": address, "password": PASSWORD, "displayName": "Fuzz"})
    assert status == 202, body
    mail_sink.wait_for(address, "Confirm")
    status, body, headers = api_post(server, "/auth/login", {"email": address, "password": PASSWORD})
    assert status == 200, body
    # The session cookie, among the others sign-in sets (the device cookie).
    session = next(c.split(";")[0] for c in headers.get_all("Set-Cookie") if c.startswith("od_session="))
    csrf = json.loads(body)["csrfToken"]
    status, body, _ = api_post(server, "/tokens", {"name": "schemathesis"}, {"Cookie": session, "X-CSRF-Token": csrf})
    assert status == 201, body
    token = json.loads(body)["token"]
    schemathesis = Path(sys.executable).parent / "schemathesis"
    # positive_data_acceptance is left out: a schema cannot say "not one of the 10,000 common
    # passwords" or "a reset token that exists", so valid-looking data is rightly refused with 422.
    result = subprocess.run(
        [str(schemathesis), "run", server.base_url + "/api/v1/openapi.json",
         "--checks", "all", "--exclude-checks", "positive_data_acceptance",
         "--max-examples", "40", "--seed", "20261129", "--no-color",
         # The live event stream stays open for as long as the client does: a fuzzer would wait
         # on it forever. Its answers are tested in Tests/AppTests/Platform/Live.
         "--exclude-operation-id", "liveEvents",
         "-H", f"Authorization: Bearer {token}", "-H", "X-Forwarded-For: 198.51.100.251"],
        capture_output=True, text=True, timeout=900,
        cwd=tmp_path,  # schemathesis keeps a cache folder in its working directory
    )
    print(result.stdout[-6000:])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
