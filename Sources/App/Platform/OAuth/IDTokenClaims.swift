import Foundation
import JWTKit

/// The claims of an OpenID Connect ID token this site reads. Lenient in shape where providers
/// differ (`aud` as a string or a list, `email_verified` as a boolean or a string); strict in
/// what they must say, which `IDTokenVerifier` checks.
struct IDTokenClaims: JWTPayload, Equatable {
    let iss: String
    let sub: String
    let aud: [String]
    let exp: Double
    let iat: Double?
    let nonce: String?
    let azp: String?
    let email: String?
    let emailVerified: Bool
    let name: String?
    let givenName: String?
    let familyName: String?
    let picture: String?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat, nonce, azp, email, name, picture
        case emailVerified = "email_verified"
        case givenName = "given_name"
        case familyName = "family_name"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iss = try container.decode(String.self, forKey: .iss)
        sub = try container.decode(String.self, forKey: .sub)
        if let single = try? container.decode(String.self, forKey: .aud) {
            aud = [single]
        } else {
            aud = try container.decode([String].self, forKey: .aud)
        }
        exp = try container.decode(Double.self, forKey: .exp)
        iat = try container.decodeIfPresent(Double.self, forKey: .iat)
        nonce = try container.decodeIfPresent(String.self, forKey: .nonce)
        azp = try container.decodeIfPresent(String.self, forKey: .azp)
        email = try? container.decodeIfPresent(String.self, forKey: .email)
        emailVerified = Self.flag(container, .emailVerified)
        name = try? container.decodeIfPresent(String.self, forKey: .name)
        givenName = try? container.decodeIfPresent(String.self, forKey: .givenName)
        familyName = try? container.decodeIfPresent(String.self, forKey: .familyName)
        picture = try? container.decodeIfPresent(String.self, forKey: .picture)
    }

    /// `true` or `"true"`; anything else, or nothing, is false.
    static func flag<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) -> Bool {
        if let value = try? container.decodeIfPresent(Bool.self, forKey: key) { return value }
        return (try? container.decodeIfPresent(String.self, forKey: key))?.lowercased() == "true"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(iss, forKey: .iss)
        try container.encode(sub, forKey: .sub)
        try container.encode(aud, forKey: .aud)
        try container.encode(exp, forKey: .exp)
        try container.encodeIfPresent(iat, forKey: .iat)
        try container.encodeIfPresent(nonce, forKey: .nonce)
        try container.encodeIfPresent(azp, forKey: .azp)
        try container.encodeIfPresent(email, forKey: .email)
        try container.encode(emailVerified, forKey: .emailVerified)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(picture, forKey: .picture)
    }

    /// Claims are checked against what this sign-in expects (`IDTokenVerifier`), which a payload
    /// alone cannot know.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// The name to show: `name`, else given and family names.
    var displayName: String? {
        if let name, !name.trimmingCharacters(in: .whitespaces).isEmpty { return name }
        let parts = [givenName, familyName].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
