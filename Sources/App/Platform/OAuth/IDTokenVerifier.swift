import Foundation
import JWTKit

/// Checks an ID token as OpenID Connect Core §3.1.3.7 asks: signed by one of the provider's
/// published keys with an asymmetric algorithm, from the expected issuer, for this client,
/// not expired, and carrying the nonce this sign-in sent.
struct IDTokenVerifier {
    let issuers: Set<String>
    let clientID: String
    let nonce: String
    /// False only for providers documented to leave the nonce out (LinkedIn).
    let nonceRequired: Bool
    let now: Date
    /// Clocks differ; a minute either way is accepted.
    static let leeway: TimeInterval = 60
    /// Asymmetric only: `none` and the HMAC family (keyed with the client secret) are refused.
    static let algorithms: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]

    /// The token's header fields that choose the key.
    struct Header: Decodable {
        let alg: String
        let kid: String?
    }

    static func header(of token: String) throws(IDTokenRejection) -> Header {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Data(base64URLEncoded: parts[0]),
              let header = try? JSONDecoder().decode(Header.self, from: data)
        else { throw .malformed }
        return header
    }

    /// `keys` gives the provider's keys able to check a token with this key id, and the algorithm
    /// the provider bound that key to if any; nil when the provider has no such key (after
    /// fetching its keys again).
    func verify(_ token: String, keys: (Header) async throws -> (JWTKeyCollection, algorithm: String?)?) async throws -> IDTokenClaims {
        let header = try Self.header(of: token)
        guard Self.algorithms.contains(header.alg) else { throw IDTokenRejection.unsupportedAlgorithm }
        guard let (collection, bound) = try await keys(header) else { throw IDTokenRejection.unknownKey }
        // jwt-kit uses a key's own algorithm whatever the header says: the two must agree.
        if let bound, bound != header.alg { throw IDTokenRejection.unsupportedAlgorithm }
        let claims: IDTokenClaims
        do {
            claims = try await collection.verify(token, as: IDTokenClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw IDTokenRejection.badSignature
        } catch is DecodingError {
            throw IDTokenRejection.malformed
        } catch {
            throw IDTokenRejection.badSignature
        }
        try check(claims)
        return claims
    }

    func check(_ claims: IDTokenClaims) throws(IDTokenRejection) {
        guard issuers.contains(claims.iss) else { throw .wrongIssuer }
        guard claims.aud.contains(clientID) else { throw .wrongAudience }
        // Several audiences: the party it was issued to must be us (OIDC Core §3.1.3.7 items 4–5).
        if claims.aud.count > 1 || claims.azp != nil, claims.azp != clientID { throw .wrongAudience }
        let now = now.timeIntervalSince1970
        guard claims.exp + Self.leeway > now else { throw .expired }
        if let iat = claims.iat, iat - Self.leeway > now { throw .issuedInFuture }
        if let sent = claims.nonce {
            guard SecureToken.constantTimeEquals(sent, nonce) else { throw .wrongNonce }
        } else if nonceRequired {
            throw .wrongNonce
        }
        guard !claims.sub.isEmpty, claims.sub.count <= 255 else { throw .missingSubject }
    }
}
