import Crypto
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The server's own key, for values it hands to browsers and must recognise later without
/// storing them: the CSRF token given before sign-in and the device cookies of sign-in. Each
/// use signs under its own purpose, so a value made for one is worthless for another.
public struct SiteSecret: Sendable {
    let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    /// HMAC-SHA256 of `message` under `purpose`, base64url (43 characters).
    public func signature(_ message: String, purpose: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(purpose)\u{0}\(message)".utf8), using: key)
        return Data(mac).base64URLEncodedString()
    }

    /// Whether `signature` is this key's for `message` (compared in constant time).
    public func isValid(_ signature: String, for message: String, purpose: String) -> Bool {
        SecureToken.constantTimeEquals(signature, self.signature(message, purpose: purpose))
    }

    /// `SECRET_KEY` as configured: at least 32 bytes of it, used as given.
    static func configured(_ text: String) -> SiteSecret {
        SiteSecret(key: SymmetricKey(data: Data(SHA256.hash(data: Data(text.utf8)))))
    }
}

/// Where the application's `SiteSecret` comes from: `SECRET_KEY` when set; otherwise a random key
/// made on first use and kept in the database, so every instance on that database shares it and
/// a restart keeps browsers' cookies valid.
public final class SiteSecretStore: Sendable {
    private let configured: SiteSecret?
    private let loaded = NIOLockedValueBox<SiteSecret?>(nil)

    init(configuredKey: String?) {
        configured = configuredKey.map(SiteSecret.configured)
    }

    /// The key if it is known without asking the database (configured, or read already).
    public var cached: SiteSecret? {
        configured ?? loaded.withLockedValue { $0 }
    }

    /// The key; the first call without `SECRET_KEY` reads (or creates) it in the database.
    /// `serve` calls it once its migrations have run, so pages never wait for it.
    public func secret(on database: any Database) async throws -> SiteSecret {
        if let cached { return cached }
        let sql = database as! any SQLDatabase
        // Two instances starting together both insert; the first row wins and both read it.
        try await sql.raw("""
            INSERT INTO site_secrets (name, value) VALUES ('site', \(bind: SecureToken.generate())) ON CONFLICT (name) DO NOTHING
            """).run()
        guard let row = try await sql.raw("SELECT value FROM site_secrets WHERE name = 'site'").first(),
              let bytes = Data(base64URLEncoded: try row.decode(column: "value", as: String.self)), bytes.count >= 32
        else { throw Abort(.internalServerError, reason: "The site's secret key could not be read.") }
        let secret = SiteSecret(key: SymmetricKey(data: bytes))
        loaded.withLockedValue { $0 = secret }
        return secret
    }
}

extension Application {
    private struct SiteSecretStoreKey: StorageKey { typealias Value = SiteSecretStore }

    public var siteSecrets: SiteSecretStore {
        get { storage[SiteSecretStoreKey.self] ?? SiteSecretStore(configuredKey: nil) }
        set { storage[SiteSecretStoreKey.self] = newValue }
    }
}

extension Request {
    /// The site's key (from the database the first time, if it has not been read at start).
    public var siteSecret: SiteSecret {
        get async throws { try await application.siteSecrets.secret(on: db) }
    }
}

/// The table holding the generated key when `SECRET_KEY` is not set.
struct CreateSiteSecrets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("site_secrets")
            .field("name", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("site_secrets").delete()
    }
}
