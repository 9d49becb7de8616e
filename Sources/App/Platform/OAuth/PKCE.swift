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
        Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8))))
    }
}

/// base64url without padding (RFC 4648 §5), as JOSE and PKCE use it.
public enum Base64URL {
    public static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
