"""Mail through an SMTP server that demands encryption and a password, as production servers
do: STARTTLS on the submission port, and implicit TLS (smtps://). aiosmtpd plays the server with
a throwaway self-signed certificate, so the app is told `?tls=none` (certificate not checked)."""
import subprocess
import urllib.parse

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from conftest import MailSink, launch_server, link_in
from test_accounts import PASSWORD, api_post, fresh_email

USER, SECRET = "mailer", "s3cret pass/word"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER and auth_data.password.decode() == SECRET
    # handled=False makes aiosmtpd answer 535 itself on failure.
    return AuthResult(success=ok, handled=False)


@pytest.fixture(scope="module")
def tls_context(tmp_path_factory):
    import ssl

    folder = tmp_path_factory.mktemp("certs")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return context


def smtp_url(scheme: str, port: int) -> str:
    return f"{scheme}://{USER}:{urllib.parse.quote(SECRET, safe='')}@127.0.0.1:{port}?tls=none"


# aiosmtpd warns that AUTH without TLS is unsafe; on the implicit-TLS port every byte is encrypted.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("mode", ["starttls", "implicit"])
def test_mail_goes_through_an_encrypted_authenticated_server(tls_context, mode):
    if mode == "starttls":
        sink = MailSink(tls_context=tls_context, require_starttls=True, auth_required=True, authenticator=authenticator)
        url = lambda: smtp_url("smtp", sink.port)
    else:
        sink = MailSink(ssl_context=tls_context, auth_required=True, auth_require_tls=False, authenticator=authenticator)
        url = lambda: smtp_url("smtps", sink.port)
    sink.start()
    server = launch_server(SMTP_URL=url())
    try:
        address = fresh_email(mode)
        status, body, _ = api_post(server, "/auth/register", {"email": address, "password": PASSWORD, "displayName": "TLS"})
        assert status == 202, body
        mail = sink.wait_for(address, timeout=30)
        assert link_in(mail, "/verify")
        assert sink.sessions[-1] == {"authenticated": True, "tls": True}
        assert SECRET not in server.log_path.read_text()
    finally:
        server.stop()
        sink.stop()
