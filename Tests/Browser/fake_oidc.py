"""An OpenID Connect provider for the browser suite: discovery, a login page with an Approve
and a Deny button, a token endpoint that checks the client secret, redirect URI and PKCE
verifier, a JWKS, and RS256-signed ID tokens. Runs in a thread on a free local port."""
import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

CLIENT_ID = "opendiaspora-browser"
CLIENT_SECRET = secrets.token_urlsafe(24)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def integer_bytes(value: int) -> bytes:
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


class FakeProvider:
    def __init__(self, person):
        self.person = person
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "browser-key-1"
        self.grants = {}
        self.token_requests = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()

    def settings(self, name="Agency SSO"):
        return {"OAUTH_OIDC_ISSUER": self.issuer, "OAUTH_OIDC_CLIENT_ID": CLIENT_ID,
                "OAUTH_OIDC_CLIENT_SECRET": CLIENT_SECRET, "OAUTH_OIDC_NAME": name}

    def id_token(self, grant) -> str:
        now = int(time.time())
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        claims = {"iss": self.issuer, "sub": self.person["sub"], "aud": CLIENT_ID, "exp": now + 300, "iat": now,
                  "nonce": grant["nonce"], "email": self.person["email"], "email_verified": True, "name": self.person["name"]}
        signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        signature = self.key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + b64url(signature)

    def jwks(self):
        numbers = self.key.public_key().public_numbers()
        return {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
                          "n": b64url(integer_bytes(numbers.n)), "e": b64url(integer_bytes(numbers.e))}]}

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def send(self, status, body, content_type="application/json", headers=()):
                data = body if isinstance(body, bytes) else (json.dumps(body) if content_type == "application/json" else body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/.well-known/openid-configuration":
                    base = provider.issuer
                    self.send(200, {"issuer": base, "authorization_endpoint": base + "/authorize", "token_endpoint": base + "/token",
                                    "jwks_uri": base + "/jwks", "response_types_supported": ["code"],
                                    "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"]})
                elif url.path == "/jwks":
                    self.send(200, provider.jwks())
                elif url.path == "/authorize":
                    approve = "/decide?" + urllib.parse.urlencode({**query, "answer": "approve"})
                    deny = "/decide?" + urllib.parse.urlencode({**query, "answer": "deny"})
                    page = (f'<!doctype html><html lang="en"><head><title>Agency SSO</title></head><body><main><h1>Agency SSO</h1>'
                            f'<p>OpenDiaspora asks to know who you are.</p><p><a href="{approve}">Approve</a></p>'
                            f'<p><a href="{deny}">Deny</a></p></main></body></html>')
                    self.send(200, page, "text/html; charset=utf-8")
                elif url.path == "/decide":
                    back = {"state": query.get("state", "")}
                    if query.get("answer") == "approve":
                        code = secrets.token_urlsafe(24)
                        provider.grants[code] = query
                        back["code"] = code
                    else:
                        back["error"] = "access_denied"
                    self.send(302, b"", "text/plain", [("Location", query["redirect_uri"] + "?" + urllib.parse.urlencode(back))])
                else:
                    self.send(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                authorization = self.headers.get("Authorization", "")
                if authorization.startswith("Basic "):
                    client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
                    form["client_id"] = urllib.parse.unquote_plus(client_id)
                    form["client_secret"] = urllib.parse.unquote_plus(secret)
                provider.token_requests.append(form)
                if self.path != "/token":
                    return self.send(404, {"error": "not_found"})
                grant = provider.grants.pop(form.get("code", ""), None)
                verifier = form.get("code_verifier", "")
                challenge = b64url(hashlib.sha256(verifier.encode()).digest())
                if (grant is None or form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET
                        or form.get("redirect_uri") != grant["redirect_uri"] or challenge != grant.get("code_challenge")):
                    return self.send(400, {"error": "invalid_grant"})
                self.send(200, {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer", "expires_in": 300,
                                "id_token": provider.id_token(grant)})

        return Handler
