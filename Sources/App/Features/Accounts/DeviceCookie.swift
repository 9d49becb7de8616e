import Vapor

/// OWASP's "device cookies" against lock-outs: a browser that has signed in to an account carries
/// the site's signed word for it, and its failed attempts at that account count against a limit
/// of their own (`signInPerDevice`) instead of the address's. A stranger who spends the address's
/// limit therefore locks out only other strangers; the owner's browser still signs in.
///
/// One cookie holds up to five entries (a shared computer, several accounts), newest first. An
/// entry is `nonce.signature`, the signature binding the nonce to the account — its address's key
/// and a fingerprint of its current password hash — so the cookie names no address, one made for
/// another account vouches for nothing here, and a change or reset of the password revokes every
/// entry made before it (the browser that reset it gets a fresh one).
enum DeviceCookie {
    static let purpose = "device-sign-in"
    static let maximumEntries = 5
    static let lifetime: TimeInterval = 365 * 24 * 3600

    static func name(secure: Bool) -> String { secure ? "__Host-od_device" : "od_device" }

    /// What an entry is signed for: the address's key and its password's fingerprint (nil for a
    /// member without a password: there is nothing to guess, so nothing to limit apart).
    static func account(of member: Member) -> String? {
        member.passwordHash.map { "\(member.emailKey)\u{0}\(SecureToken.digest($0).prefix(16))" }
    }

    /// The nonce of the entry that vouches for this account, if the browser has one.
    static func trustedNonce(in cookie: String?, for account: String, secret: SiteSecret) -> String? {
        entries(cookie).first { entry in secret.isValid(entry.signature, for: message(account, entry.nonce), purpose: purpose) }?.nonce
    }

    /// The cookie's value after a successful sign-in to `account`: a fresh entry first; the
    /// account's older entry and those past the fifth are dropped.
    static func value(adding account: String, to cookie: String?, secret: SiteSecret) -> String {
        let nonce = SecureToken.generate(byteCount: 16)
        let fresh = Entry(nonce: nonce, signature: secret.signature(message(account, nonce), purpose: purpose))
        let others = entries(cookie).filter { !secret.isValid($0.signature, for: message(account, $0.nonce), purpose: purpose) }
        return ([fresh] + others).prefix(maximumEntries).map { "\($0.nonce).\($0.signature)" }.joined(separator: "~")
    }

    private struct Entry {
        let nonce: String
        let signature: String
    }

    private static func entries(_ cookie: String?) -> [Entry] {
        guard let cookie, cookie.utf8.count <= 80 * maximumEntries else { return [] }
        return cookie.split(separator: "~").prefix(maximumEntries).compactMap { piece in
            let parts = piece.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].utf8.count == 22, parts[1].utf8.count == 43 else { return nil }
            return Entry(nonce: String(parts[0]), signature: String(parts[1]))
        }
    }

    private static func message(_ account: String, _ nonce: String) -> String { "\(account)\u{0}\(nonce)" }
}

extension Response {
    /// Remembers that this browser signed in to the member's account (see `DeviceCookie`).
    func rememberDevice(of member: Member, on request: Request) async throws {
        guard let account = DeviceCookie.account(of: member) else { return }
        let secure = request.application.appConfiguration.isSecure
        let name = DeviceCookie.name(secure: secure)
        let value = DeviceCookie.value(adding: account, to: request.cookies[name]?.string, secret: try await request.siteSecret)
        cookies[name] = SessionCookie.value(value, secure: secure, maxAge: DeviceCookie.lifetime)
    }
}
