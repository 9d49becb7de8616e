import Foundation
import JWTKit
import Vapor

/// What the application remembers of OpenID Connect providers between sign-ins: their discovery
/// documents (for an hour) and their signing keys (until a token names a key we do not have).
/// Fetched on the first sign-in, never at start-up: a provider that is down must not stop the site.
actor OpenIDProviderCache {
    /// The discovery document's fields this site uses (OpenID Connect Discovery §3).
    struct Metadata: Decodable, Sendable {
        let issuer: String
        let authorizationEndpoint: String
        let tokenEndpoint: String
        let jwksURI: String
        let userinfoEndpoint: String?
        let tokenEndpointAuthMethodsSupported: [String]?

        enum CodingKeys: String, CodingKey {
            case issuer
            case authorizationEndpoint = "authorization_endpoint"
            case tokenEndpoint = "token_endpoint"
            case jwksURI = "jwks_uri"
            case userinfoEndpoint = "userinfo_endpoint"
            case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        }

        /// HTTP Basic, the method every server must support and discovery's default (OpenID Connect
        /// Discovery §3), unless the provider lists only the form.
        var usesBasicAuthentication: Bool {
            guard let methods = tokenEndpointAuthMethodsSupported else { return true }
            return methods.contains("client_secret_basic") || !methods.contains("client_secret_post")
        }
    }

    private struct KeySet {
        let keys: JWTKeyCollection
        /// Each key id with the algorithm the provider bound it to, if it did.
        let algorithms: [String: String?]
        /// The algorithm of the only key, for tokens without `kid`.
        let soleAlgorithm: String??
        let fetchedAt: Date
    }

    /// Keys able to check a token, and the algorithm the provider bound the chosen key to.
    struct KeyMatch {
        let keys: JWTKeyCollection
        let algorithm: String?
    }

    static let metadataLifetime: TimeInterval = 3600
    private var metadata: [String: (Metadata, Date)] = [:]
    private var keySets: [String: KeySet] = [:]

    /// The discovery document of `issuer`, whose own `issuer` must be the configured one.
    func metadata(of issuer: URL, http: ProviderHTTP) async throws -> Metadata {
        let configured = Self.trimmed(issuer.absoluteString)
        if let (cached, fetchedAt) = metadata[configured], Date().timeIntervalSince(fetchedAt) < Self.metadataLifetime {
            return cached
        }
        let document = try await http.getJSON(configured + "/.well-known/openid-configuration", as: Metadata.self, call: "discovery")
        guard Self.trimmed(document.issuer) == configured else { throw ProviderSignInFailure.issuerMismatch }
        metadata[configured] = (document, Date())
        return document
    }

    /// Keys able to check a token signed with `kid`, fetching the key set when it is not loaded
    /// or does not have that key (providers rotate keys); nil when the provider has no such key.
    func keys(at url: String, for kid: String?, http: ProviderHTTP, refreshInterval: TimeInterval) async throws -> KeyMatch? {
        if let set = keySets[url], let match = Self.match(set, kid) { return match }
        if let set = keySets[url], Date().timeIntervalSince(set.fetchedAt) < refreshInterval { return nil }
        let fresh = try await fetchKeys(at: url, http: http)
        keySets[url] = fresh
        return Self.match(fresh, kid)
    }

    /// A token without `kid` is only accepted from a provider with one key.
    private static func match(_ set: KeySet, _ kid: String?) -> KeyMatch? {
        if let kid {
            guard let algorithm = set.algorithms[kid] else { return nil }
            return KeyMatch(keys: set.keys, algorithm: algorithm)
        }
        guard let sole = set.soleAlgorithm else { return nil }
        return KeyMatch(keys: set.keys, algorithm: sole)
    }

    private func fetchKeys(at url: String, http: ProviderHTTP) async throws -> KeySet {
        let document = try await http.getJSON(url, as: KeySetDocument.self, call: "jwks")
        let collection = JWTKeyCollection()
        var algorithms: [String: String?] = [:]
        var added: [String?] = []
        var count = 0
        // One key we cannot use (an encryption key, an unknown type) must not hide the others.
        for key in document.keys where key.use == nil || key.use == "sig" {
            guard let jwk = key.jwk else { continue }
            var identified = jwk
            if identified.keyIdentifier == nil { identified.keyIdentifier = JWKIdentifier(string: "unnamed-\(count)") }
            do {
                try await collection.add(jwk: identified)
                count += 1
                added.append(jwk.algorithm?.rawValue)
                if let kid = jwk.keyIdentifier?.string { algorithms[kid] = jwk.algorithm?.rawValue }
            } catch {
                http.logger.notice("Skipped a provider key that cannot be used", metadata: ["url": .string(url), "error": .string(String(describing: error))])
            }
        }
        return KeySet(keys: collection, algorithms: algorithms, soleAlgorithm: added.count == 1 ? .some(added[0]) : .none, fetchedAt: Date())
    }

    /// A JWKS whose keys are decoded one by one, so one odd key does not fail the whole set.
    private struct KeySetDocument: Decodable {
        struct Entry: Decodable {
            let jwk: JWK?
            let use: String?

            init(from decoder: any Decoder) throws {
                jwk = try? JWK(from: decoder)
                use = try? decoder.container(keyedBy: UseKey.self).decodeIfPresent(String.self, forKey: .use)
            }

            enum UseKey: String, CodingKey { case use }
        }

        let keys: [Entry]
    }

    private static func trimmed(_ issuer: String) -> String {
        issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
    }
}
