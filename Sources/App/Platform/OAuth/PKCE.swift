import Crypto
import Foundation

/// Proof Key for Code Exchange (RFC 7636): the code is useless to whoever intercepts it without
/// the verifier, which never leaves the server.
public enum PKCE {
    /// 43 characters of base64url: the shortest verifier the RFC allows, from 32 random bytes.
    public static func makeVerifier() -> String {
        SecureToken.generate()
    }

    /// The `S256` challenge: base64url(SHA-256(verifier)) without padding.
    public static func challenge(for verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncodedString()
    }
}
