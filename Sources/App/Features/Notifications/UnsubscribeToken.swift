import Foundation
import Vapor

/// The authority of an unsubscribe link: which member stops which mail, signed with the site's
/// key (HMAC-SHA256 under its own purpose, compared in constant time), so it works signed out
/// and cannot be made for another member or kind. It does not expire: a mail's link must keep
/// working as long as the mail is kept.
struct UnsubscribeToken: Equatable {
    static let purpose = "notifications-unsubscribe"
    /// The scope of a mail that lists several kinds: every kind.
    static let allKinds = "*"
    static let maximumLength = 300

    let member: UUID
    /// A kind's id, or `allKinds`.
    let scope: String

    /// `base64url(member|scope).signature`
    func encoded(with secret: SiteSecret) -> String {
        let message = "\(member.uuidString.lowercased())|\(scope)"
        return Data(message.utf8).base64URLEncodedString() + "." + secret.signature(message, purpose: Self.purpose)
    }

    /// The token's member and scope, or nil for anything this site did not sign.
    static func read(_ token: String, with secret: SiteSecret) -> UnsubscribeToken? {
        guard token.utf8.count <= maximumLength else { return nil }
        let pieces = token.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count == 2, let data = Data(base64URLEncoded: String(pieces[0])),
              let message = String(data: data, encoding: .utf8),
              secret.isValid(String(pieces[1]), for: message, purpose: purpose)
        else { return nil }
        let parts = message.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let member = UUID(uuidString: String(parts[0])), !parts[1].isEmpty else { return nil }
        return UnsubscribeToken(member: member, scope: String(parts[1]))
    }
}
