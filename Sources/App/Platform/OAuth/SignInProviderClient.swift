import Crypto
import Foundation
import Vapor

/// The OAuth 2.0 / OpenID Connect client for one provider: the address that sends the member to
/// the provider, and the exchange of the code the provider sends back for a checked identity.
struct SignInProviderClient {
    let provider: SignInProvider
    let http: ProviderHTTP
    let cache: OpenIDProviderCache
    let keyRefreshInterval: TimeInterval

    /// What one sign-in sent to the provider and must see again.
    struct Secrets: Sendable {
        let state: String
        let nonce: String
        let codeVerifier: String
        let redirectURI: String
    }

    /// The provider's authorization address with `response_type=code`, PKCE S256, state and nonce.
    func authorizationURL(_ secrets: Secrets) async throws -> String {
        let endpoint: String
        switch provider.kind {
        case .openIDConnect(let issuer, _):
            endpoint = try await cache.metadata(of: issuer, http: http).authorizationEndpoint
        case .facebook(let dialog, _):
            endpoint = dialog.absoluteString
        }
        return Self.appending([
            ("response_type", "code"),
            ("client_id", provider.client.id),
            ("redirect_uri", secrets.redirectURI),
            ("scope", provider.scope),
            ("state", secrets.state),
            ("nonce", secrets.nonce),
            ("code_challenge", PKCE.challenge(for: secrets.codeVerifier)),
            ("code_challenge_method", "S256"),
        ], to: endpoint)
    }

    /// Exchanges the code (with the client secret and the PKCE verifier) and checks who it names.
    func identity(code: String, secrets: Secrets, now: Date = Date()) async throws -> ProviderIdentity {
        switch provider.kind {
        case .openIDConnect(let issuer, let quirks):
            return try await openIDIdentity(issuer: issuer, quirks: quirks, code: code, secrets: secrets, now: now)
        case .facebook(_, let graph):
            return try await facebookIdentity(graph: graph, code: code, secrets: secrets)
        }
    }

    // MARK: - OpenID Connect

    private struct TokenAnswer: Decodable {
        let accessToken: String?
        let idToken: String?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case idToken = "id_token"
        }
    }

    private func openIDIdentity(issuer: URL, quirks: SignInProvider.Quirks, code: String, secrets: Secrets, now: Date) async throws -> ProviderIdentity {
        let metadata = try await cache.metadata(of: issuer, http: http)
        var fields = [
            "grant_type": "authorization_code", "code": code, "redirect_uri": secrets.redirectURI,
            "code_verifier": secrets.codeVerifier,
        ]
        var headers = HTTPHeaders()
        // One way of authenticating per request (RFC 6749 §2.3); id and secret form-encoded inside Basic (§2.3.1).
        if !quirks.secretInForm, metadata.usesBasicAuthentication {
            headers.basicAuthorization = BasicAuthorization(username: Self.formEncoded(provider.client.id), password: Self.formEncoded(provider.client.secret))
        } else {
            fields["client_id"] = provider.client.id
            fields["client_secret"] = provider.client.secret
        }
        let answer = try await http.postForm(metadata.tokenEndpoint, fields: fields, as: TokenAnswer.self, call: "token", headers: headers)
        guard let idToken = answer.idToken else { throw ProviderSignInFailure.providerAnswer(call: "token", detail: "no id_token") }
        let verifier = IDTokenVerifier(issuers: quirks.extraIssuers.union([metadata.issuer]), clientID: provider.client.id, nonce: secrets.nonce, nonceRequired: !quirks.nonceMayBeAbsent, now: now)
        let claims: IDTokenClaims
        do {
            claims = try await verifier.verify(idToken) { header in
                try await cache.keys(at: metadata.jwksURI, for: header.kid, http: http, refreshInterval: keyRefreshInterval)
                    .map { ($0.keys, algorithm: $0.algorithm) }
            }
        } catch let rejection as IDTokenRejection {
            throw ProviderSignInFailure.idToken(rejection)
        }
        var identity = ProviderIdentity(
            provider: provider.id, issuer: metadata.issuer, subject: claims.sub, email: claims.email,
            emailVerified: claims.email != nil && claims.emailVerified, name: claims.displayName, pictureURL: claims.picture
        )
        if identity.email == nil || identity.name == nil, let endpoint = metadata.userinfoEndpoint, let accessToken = answer.accessToken {
            identity = try await completed(identity, from: endpoint, accessToken: accessToken)
        }
        return identity
    }

    /// Some providers put only the subject in the ID token; the rest comes from user info, which
    /// must be about the same subject (OIDC Core §5.3.2).
    private func completed(_ identity: ProviderIdentity, from endpoint: String, accessToken: String) async throws -> ProviderIdentity {
        let info = try await http.getJSON(endpoint, as: UserInfo.self, call: "userinfo", headers: ["Authorization": "Bearer \(accessToken)"])
        guard info.sub == identity.subject else { throw ProviderSignInFailure.subjectMismatch }
        let email = identity.email ?? info.email
        let verified = identity.email != nil ? identity.emailVerified : (info.email != nil && info.emailVerified)
        return ProviderIdentity(
            provider: identity.provider, issuer: identity.issuer, subject: identity.subject, email: email,
            emailVerified: verified, name: identity.name ?? info.name, pictureURL: identity.pictureURL ?? info.picture
        )
    }

    private struct UserInfo: Decodable {
        let sub: String
        let email: String?
        let emailVerified: Bool
        let name: String?
        let picture: String?

        enum CodingKeys: String, CodingKey {
            case sub, email, name, picture
            case emailVerified = "email_verified"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            sub = try container.decode(String.self, forKey: .sub)
            email = try? container.decodeIfPresent(String.self, forKey: .email)
            name = try? container.decodeIfPresent(String.self, forKey: .name)
            picture = try? container.decodeIfPresent(String.self, forKey: .picture)
            emailVerified = IDTokenClaims.flag(container, .emailVerified)
        }
    }

    // MARK: - Facebook

    private struct FacebookToken: Decodable {
        let accessToken: String
        enum CodingKeys: String, CodingKey { case accessToken = "access_token" }
    }

    private struct FacebookProfile: Decodable {
        struct Picture: Decodable {
            struct Data: Decodable {
                let url: String?
                let isSilhouette: Bool?
                enum CodingKeys: String, CodingKey {
                    case url
                    case isSilhouette = "is_silhouette"
                }
            }
            let data: Data?
        }

        let id: String
        let name: String?
        let email: String?
        let picture: Picture?
    }

    private func facebookIdentity(graph: URL, code: String, secrets: Secrets) async throws -> ProviderIdentity {
        let base = graph.absoluteString.hasSuffix("/") ? String(graph.absoluteString.dropLast()) : graph.absoluteString
        let token = try await http.postForm(base + "/oauth/access_token", fields: [
            "client_id": provider.client.id, "client_secret": provider.client.secret,
            "redirect_uri": secrets.redirectURI, "code": code, "code_verifier": secrets.codeVerifier,
        ], as: FacebookToken.self, call: "token")
        // appsecret_proof: a stolen access token alone cannot call the Graph API as this app.
        let proof = HMAC<SHA256>.authenticationCode(for: Data(token.accessToken.utf8), using: SymmetricKey(data: Data(provider.client.secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
        let url = Self.appending([
            ("fields", "id,name,email,picture"), ("access_token", token.accessToken), ("appsecret_proof", proof),
        ], to: base + "/me")
        let profile = try await http.getJSON(url, as: FacebookProfile.self, call: "graph-me")
        guard !profile.id.isEmpty, profile.id.count <= 255 else { throw ProviderSignInFailure.providerAnswer(call: "graph-me", detail: "no id") }
        let picture = profile.picture?.data.flatMap { $0.isSilhouette == true ? nil : $0.url }
        // Facebook does not say whether the address was verified, so it is not taken as verified.
        return ProviderIdentity(
            provider: provider.id, issuer: SignInProvider.facebookIssuer, subject: profile.id, email: profile.email,
            emailVerified: false, name: profile.name, pictureURL: picture
        )
    }

    // MARK: - Encoding

    /// Adds query parameters to an address that may already have some, encoding every reserved character.
    static func appending(_ items: [(String, String)], to url: String) -> String {
        let query = items.map { "\(formEncoded($0.0))=\(formEncoded($0.1))" }.joined(separator: "&")
        return url + (url.contains("?") ? "&" : "?") + query
    }

    /// RFC 3986 unreserved characters stay; everything else is percent-encoded (RFC 6749 §2.3.1 for Basic).
    static func formEncoded(_ value: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
