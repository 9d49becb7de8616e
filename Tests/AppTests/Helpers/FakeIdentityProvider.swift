@testable import App
import Crypto
import CryptoExtras
import Foundation
import JWTKit
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// An OpenID Connect provider (discovery, authorize, token, JWKS, user info: RS256 ID tokens)
/// and a Facebook look-alike (login dialog, token, Graph `/me`), served on a random local port,
/// so the sign-in flow is tested over real HTTP. Its token endpoint checks what a real one
/// checks (client secret, redirect URI, PKCE verifier, single-use code); each test bends it
/// through `behaviour` to produce the answers the site must refuse.
final class FakeIdentityProvider: Sendable {
    static let clientID = "opendiaspora-test"
    static let clientSecret = "test-secret-\(UUID().uuidString)"
    static let publishedKid = "fake-key-1"
    static let rotatedKid = "fake-key-2"

    struct Person: Sendable {
        var subject = "fake-subject-1"
        var email: String? = "nadia@example.org"
        var emailVerified: Bool? = true
        var name: String? = "Nadia Benali"
        var picture: String?
    }

    /// How the next ID token is signed.
    enum Signing: Sendable {
        case publishedKey
        /// With a second key under the published key's id: the signature does not verify.
        case otherKeyUnderPublishedKid
        /// With a key whose id the key set does not have (unless `rotateKeys()` published it).
        case rotatedKey
    }

    struct Behaviour: Sendable {
        var person = Person()
        /// The authorize endpoint answers `error=access_denied`.
        var deny = false
        /// The token endpoint answers only when the fake stops (a provider that hangs).
        var tokenHangs = false
        var signing = Signing.publishedKey
        var issuer: String?
        var audience: String?
        var nonce: String?
        var lifetime: TimeInterval = 300
        /// The ID token carries only the subject; the rest comes from user info.
        var bareIDToken = false
        var userInfoSubject: String?
        /// Signs with RS384 although the published key says RS256.
        var otherAlgorithm = false
        /// `token_endpoint_auth_methods_supported` in discovery; nil leaves it out.
        var authMethods: [String]?
    }

    private struct Grant: Sendable {
        let redirectURI: String
        let challenge: String
        let nonce: String?
        let person: Person
    }

    private struct State: Sendable {
        var behaviour = Behaviour()
        var grants: [String: Grant] = [:]
        var accessTokens: [String: Person] = [:]
        var rotatedKeyPublished = false
        var keySetFetches = 0
        var tokenRequests: [[String: String]] = []
        var stopped = false
    }

    private let state = NIOLockedValueBox(State())
    private let server: Application
    private let address = NIOLockedValueBox("")
    var baseURL: String { address.withLockedValue { $0 } }
    private let publishedKey: JWTKit.Insecure.RSA.PrivateKey
    private let rotatedKey: JWTKit.Insecure.RSA.PrivateKey

    var issuer: String { baseURL }
    var keySetFetches: Int { state.withLockedValue { $0.keySetFetches } }
    var tokenRequests: [[String: String]] { state.withLockedValue { $0.tokenRequests } }

    func behave(_ change: (inout Behaviour) -> Void) {
        state.withLockedValue { change(&$0.behaviour) }
    }

    /// Publishes the second key, as a provider does when it rotates keys.
    func rotateKeys() {
        state.withLockedValue { $0.rotatedKeyPublished = true }
    }

    /// The two keys are made once per test run: RSA key generation is slow.
    private static let keys: (JWTKit.Insecure.RSA.PrivateKey, JWTKit.Insecure.RSA.PrivateKey) = {
        do {
            return (try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048)),
                    try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048)))
        } catch {
            preconditionFailure("RSA key generation failed: \(error)")
        }
    }()

    static func start() async throws -> FakeIdentityProvider {
        let server = try await makeTestApplication(.testing)
        server.logger.logLevel = .error
        let provider = FakeIdentityProvider(server: server)
        // Vapor builds its responder when the server starts: routes first, then the port.
        provider.routes(server)
        do {
            try await server.server.start(address: .hostname("127.0.0.1", port: 0))
            guard let port = server.http.server.shared.localAddress?.port else {
                throw Abort(.internalServerError, reason: "the fake provider has no port")
            }
            provider.address.withLockedValue { $0 = "http://127.0.0.1:\(port)" }
        } catch {
            try? await server.asyncShutdown()
            throw error
        }
        return provider
    }

    /// Whose time the ID tokens carry: the site's, as a real provider's clock agrees with a real site's.
    private let clock = NIOLockedValueBox<any SiteClock>(SystemClock())

    func use(clock: any SiteClock) {
        self.clock.withLockedValue { $0 = clock }
    }

    private init(server: Application) {
        self.server = server
        (publishedKey, rotatedKey) = Self.keys
    }

    func stop() async {
        state.withLockedValue { $0.stopped = true }
        await server.server.shutdown()
        try? await server.asyncShutdown()
    }

    /// Settings that point every provider of the site at this fake.
    func settings(timeout: TimeAmount = .seconds(10)) -> SignInProviderSettings {
        let client = SignInProviderSettings.Client(id: Self.clientID, secret: Self.clientSecret)
        return SignInProviderSettings(
            google: client, linkedIn: nil, facebook: client,
            generic: .init(issuer: URL(string: baseURL)!, client: client, name: "Agency SSO"),
            endpoints: .init(googleIssuer: URL(string: baseURL)!, linkedInIssuer: URL(string: baseURL)!,
                             facebookDialog: URL(string: baseURL + "/dialog/oauth")!, facebookGraph: URL(string: baseURL + "/graph")!),
            requestTimeout: timeout, keyRefreshInterval: 0
        )
    }

    // MARK: - Routes

    private func routes(_ app: Application) {
        app.get(".well-known", "openid-configuration") { [self] _ in discovery(issuer: baseURL) }
        app.get("authorize") { [self] req in authorize(req) }
        app.post("token") { [self] req in try await token(req) }
        app.get("jwks") { [self] _ in keySet() }
        app.get("userinfo") { [self] req in try userInfo(req) }
        app.get("dialog", "oauth") { [self] req in authorize(req) }
        app.post("graph", "oauth", "access_token") { [self] req in try await facebookToken(req) }
        app.get("graph", "me") { [self] req in try facebookMe(req) }
        app.get("photo.png") { _ in
            Response(status: .ok, headers: ["Content-Type": "image/png"], body: .init(data: Data(samplePNG(width: 40, height: 40))))
        }
        app.get("moved-photo") { [self] _ in
            Response(status: .found, headers: ["Location": baseURL + "/photo.png"])
        }
    }

    private func discovery(issuer: String) -> Response {
        var document: [String: Any] = [
            "issuer": issuer,
            "authorization_endpoint": baseURL + "/authorize",
            "token_endpoint": baseURL + "/token",
            "jwks_uri": baseURL + "/jwks",
            "userinfo_endpoint": baseURL + "/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        ]
        document["token_endpoint_auth_methods_supported"] = state.withLockedValue { $0.behaviour.authMethods }
        return json(document)
    }

    /// Approves at once (or denies) and sends the browser back with a code and the state.
    private func authorize(_ req: Request) -> Response {
        let query = req.query
        let redirectURI = (try? query.get(String.self, at: "redirect_uri")) ?? ""
        let state = (try? query.get(String.self, at: "state")) ?? ""
        let behaviour = self.state.withLockedValue { $0.behaviour }
        var items: [(String, String)] = [("state", state)]
        if behaviour.deny {
            items.insert(("error", "access_denied"), at: 0)
        } else {
            let code = SecureToken.generate()
            let grant = Grant(
                redirectURI: redirectURI, challenge: (try? query.get(String.self, at: "code_challenge")) ?? "",
                nonce: try? query.get(String.self, at: "nonce"), person: behaviour.person
            )
            self.state.withLockedValue { $0.grants[code] = grant }
            items.insert(("code", code), at: 0)
        }
        let response = Response(status: .found)
        response.headers.replaceOrAdd(name: .location, value: SignInProviderClient.appending(items, to: redirectURI))
        return response
    }

    /// Checks the grant as a real provider would, then answers an access token and an ID token.
    private func token(_ req: Request) async throws -> Response {
        var fields = try req.content.decode([String: String].self)
        if let basic = req.headers.basicAuthorization {
            // One authentication method per request (RFC 6749 §2.3): Basic and a form secret together are refused.
            guard fields["client_secret"] == nil else { return json(["error": "invalid_request"], status: .badRequest) }
            fields["client_id"] = basic.username.removingPercentEncoding
            fields["client_secret"] = basic.password.removingPercentEncoding
            fields["authentication"] = "basic"
        } else {
            fields["authentication"] = "form"
        }
        state.withLockedValue { [fields] in $0.tokenRequests.append(fields) }
        let behaviour = state.withLockedValue { $0.behaviour }
        if behaviour.tokenHangs {
            while !state.withLockedValue({ $0.stopped }) { try await Task.sleep(for: .milliseconds(50)) }
            return json(["error": "temporarily_unavailable"], status: .serviceUnavailable)
        }
        guard let grant = redeem(fields) else { return json(["error": "invalid_grant"], status: .badRequest) }
        let accessToken = SecureToken.generate()
        state.withLockedValue { $0.accessTokens[accessToken] = grant.person }
        let idToken = try await makeIDToken(for: grant, behaviour: behaviour)
        return json(["access_token": accessToken, "token_type": "Bearer", "expires_in": 300, "id_token": idToken])
    }

    private func redeem(_ fields: [String: String]) -> Grant? {
        guard fields["client_id"] == Self.clientID, fields["client_secret"] == Self.clientSecret,
              let code = fields["code"], let verifier = fields["code_verifier"]
        else { return nil }
        let grant = state.withLockedValue { $0.grants.removeValue(forKey: code) }
        guard let grant, grant.redirectURI == fields["redirect_uri"],
              Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncodedString() == grant.challenge
        else { return nil }
        return grant
    }

    private func makeIDToken(for grant: Grant, behaviour: Behaviour) async throws -> String {
        let now = clock.withLockedValue { $0 }.now.timeIntervalSince1970
        let person = grant.person
        let claims = FakeIDToken(
            iss: behaviour.issuer ?? baseURL, sub: person.subject, aud: behaviour.audience ?? Self.clientID,
            exp: now + behaviour.lifetime, iat: min(now, now + behaviour.lifetime - 60), nonce: behaviour.nonce ?? grant.nonce,
            email: behaviour.bareIDToken ? nil : person.email, email_verified: behaviour.bareIDToken ? nil : person.emailVerified,
            name: behaviour.bareIDToken ? nil : person.name, picture: behaviour.bareIDToken ? nil : person.picture
        )
        let (key, kid) = switch behaviour.signing {
        case .publishedKey: (publishedKey, Self.publishedKid)
        case .otherKeyUnderPublishedKid: (rotatedKey, Self.publishedKid)
        case .rotatedKey: (rotatedKey, Self.rotatedKid)
        }
        let keys = JWTKeyCollection()
        await keys.add(rsa: key, digestAlgorithm: behaviour.otherAlgorithm ? .sha384 : .sha256, kid: JWKIdentifier(string: kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }

    private func keySet() -> Response {
        let rotated = state.withLockedValue { state in
            state.keySetFetches += 1
            return state.rotatedKeyPublished
        }
        var keys = [jwk(publishedKey, kid: Self.publishedKid)]
        if rotated { keys.append(jwk(rotatedKey, kid: Self.rotatedKid)) }
        // An encryption key the site must skip without failing the set.
        keys.append(["kty": "RSA", "use": "enc", "kid": "fake-enc", "n": "AQAB", "e": "AQAB"])
        return json(["keys": keys])
    }

    private func jwk(_ key: JWTKit.Insecure.RSA.PrivateKey, kid: String) -> [String: String] {
        let primitives = (try? key.publicKey.getKeyPrimitives()) ?? (modulus: Data(), publicExponent: Data())
        return ["kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
                "n": primitives.modulus.base64URLEncodedString(), "e": primitives.publicExponent.base64URLEncodedString()]
    }

    private func userInfo(_ req: Request) throws -> Response {
        guard let token = req.headers.bearerAuthorization?.token,
              let person = state.withLockedValue({ $0.accessTokens[token] })
        else { return json(["error": "invalid_token"], status: .unauthorized) }
        let subject = state.withLockedValue { $0.behaviour.userInfoSubject } ?? person.subject
        var body: [String: Any] = ["sub": subject]
        body["email"] = person.email
        body["email_verified"] = person.emailVerified
        body["name"] = person.name
        return json(body)
    }

    // MARK: - Facebook

    private func facebookToken(_ req: Request) async throws -> Response {
        let fields = try req.content.decode([String: String].self)
        state.withLockedValue { $0.tokenRequests.append(fields) }
        guard let grant = redeem(fields) else {
            return json(["error": ["message": "Invalid verification code format.", "type": "OAuthException", "code": 100]], status: .badRequest)
        }
        let accessToken = SecureToken.generate()
        state.withLockedValue { $0.accessTokens[accessToken] = grant.person }
        return json(["access_token": accessToken, "token_type": "bearer", "expires_in": 5_183_944])
    }

    /// Checks `appsecret_proof` as Facebook does when the app requires it.
    private func facebookMe(_ req: Request) throws -> Response {
        guard let token = try? req.query.get(String.self, at: "access_token"),
              let person = state.withLockedValue({ $0.accessTokens[token] })
        else { return json(["error": ["message": "Invalid OAuth access token.", "code": 190]], status: .badRequest) }
        let expected = HMAC<SHA256>.authenticationCode(for: Data(token.utf8), using: SymmetricKey(data: Data(Self.clientSecret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
        guard (try? req.query.get(String.self, at: "appsecret_proof")) == expected else {
            return json(["error": ["message": "Invalid appsecret_proof provided in the API argument", "code": 100]], status: .badRequest)
        }
        var body: [String: Any] = ["id": person.subject]
        body["name"] = person.name
        body["email"] = person.email
        if let picture = person.picture { body["picture"] = ["data": ["url": picture, "is_silhouette": false, "width": 50, "height": 50]] }
        return json(body)
    }

    private func json(_ body: [String: Any], status: HTTPResponseStatus = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: body)) ?? Data("{}".utf8)
        let response = Response(status: status, body: .init(data: data))
        response.headers.contentType = .json
        return response
    }
}

/// What the fake puts in its ID tokens; optional claims are left out when nil.
struct FakeIDToken: JWTPayload {
    let iss: String
    let sub: String
    let aud: String
    let exp: Double
    let iat: Double
    let nonce: String?
    let email: String?
    let email_verified: Bool?
    let name: String?
    let picture: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
