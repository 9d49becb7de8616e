import Foundation

/// Why a sign-in through a provider was refused. The member sees one calm page; the log gets
/// `reason`, which is what an operator needs to fix a misconfigured provider.
public enum ProviderSignInFailure: Error, Equatable, Sendable {
    /// The provider did not answer in time or could not be reached.
    case providerUnreachable(call: String)
    /// The provider answered with an error status or something that is not what the protocol says.
    case providerAnswer(call: String, detail: String)
    /// The discovery document names another issuer than the one configured.
    case issuerMismatch
    case idToken(IDTokenRejection)
    /// The user-info answer is about someone else than the ID token.
    case subjectMismatch

    public var reason: String {
        switch self {
        case .providerUnreachable(let call): "provider-unreachable:\(call)"
        case .providerAnswer(let call, let detail): "provider-answer:\(call):\(detail)"
        case .issuerMismatch: "discovery-issuer-mismatch"
        case .idToken(let rejection): "id-token:\(rejection.rawValue)"
        case .subjectMismatch: "userinfo-subject-mismatch"
        }
    }
}

/// Each check an ID token can fail (OpenID Connect Core §3.1.3.7).
public enum IDTokenRejection: String, Error, Sendable {
    case malformed
    case unsupportedAlgorithm = "unsupported-algorithm"
    case unknownKey = "unknown-key"
    case badSignature = "bad-signature"
    case wrongIssuer = "wrong-issuer"
    case wrongAudience = "wrong-audience"
    case expired
    case issuedInFuture = "issued-in-future"
    case wrongNonce = "wrong-nonce"
    case missingSubject = "missing-subject"
}
