import Fluent
import SQLKit
import Vapor

/// A limit on how often something may happen per key (an IP address, an email) in a window.
public struct RateLimitRule: Sendable {
    /// Names the counter, so two rules never share one (`login-ip`, `login-email`…).
    public let name: String
    public let limit: Int
    public let window: TimeInterval

    public init(name: String, limit: Int, window: TimeInterval) {
        self.name = name
        self.limit = limit
        self.window = window
    }

    // The baseline the platform adopted from Mastodon's published limits (its config/initializers/rack_attack.rb).
    public static let signInPerIP = RateLimitRule(name: "login-ip", limit: 25, window: 5 * 60)
    public static let signInPerEmail = RateLimitRule(name: "login-email", limit: 25, window: 3600)
    /// Reset mails to one address (counted by the job that sends them, after the same answer to
    /// everyone: a stranger can neither tell nor stop the owner from asking).
    public static let passwordResetPerEmail = RateLimitRule(name: "reset-email", limit: 5, window: 30 * 60)
    /// "Someone tried to join with your address" mails to one owner.
    public static let joinAttemptNoticePerEmail = RateLimitRule(name: "join-notice-email", limit: 3, window: 24 * 3600)
    /// One client asking for reset links for many addresses (each request mails a real owner).
    public static let passwordResetPerIP = RateLimitRule(name: "reset-ip", limit: 10, window: 30 * 60)
    /// Failed sign-ins from a browser that signed in to that account before (its device cookie):
    /// counted apart from the address's limit, which only strangers' attempts use up.
    public static let signInPerDevice = RateLimitRule(name: "login-device", limit: 10, window: 3600)
    public static let registrationPerIP = RateLimitRule(name: "register-ip", limit: 5, window: 30 * 60)
    /// Each trip to a provider stores an attempt; a client cannot fill the table.
    public static let providerSignInPerIP = RateLimitRule(name: "provider-ip", limit: 30, window: 10 * 60)
}

/// Too many attempts: 429 with `Retry-After` in seconds.
public struct RateLimited: AbortError {
    public let status: HTTPResponseStatus = .tooManyRequests
    public let reason = "Too many attempts. Wait a little and try again."
    public let retryAfter: Int
    public var headers: HTTPHeaders { ["Retry-After": String(retryAfter)] }
}

/// Counts attempts in the database, so every instance behind a load balancer sees the same
/// counters. Fixed windows: one row per key and window, incremented atomically by an upsert
/// that works on SQLite and PostgreSQL alike.
public struct RateLimiter: Sendable {
    let database: any Database
    let clock: any SiteClock

    public init(database: any Database, clock: any SiteClock) {
        self.database = database
        self.clock = clock
    }

    /// The fixed window `now` falls in, in whole epoch seconds.
    struct Window {
        let start: Int
        let end: Int
        let now: Int

        init(_ rule: RateLimitRule, at date: Date) {
            let length = Int(rule.window)
            now = Int(date.timeIntervalSince1970)
            start = now - now % length
            end = start + length
        }

        var limited: RateLimited { RateLimited(retryAfter: max(1, end - now)) }
    }

    /// Counts one attempt; throws `RateLimited` once the limit for this key is passed.
    public func hit(_ rule: RateLimitRule, key: String, now: Date? = nil) async throws {
        let window = Window(rule, at: now ?? clock.now)
        let row = try await (database as! any SQLDatabase).raw("""
            INSERT INTO rate_limit_counters (bucket, window_start, hits, expires_at)
            VALUES (\(bind: Self.bucket(rule, key)), \(bind: window.start), 1, \(bind: window.end))
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_counters.hits + 1
            RETURNING hits
            """).first()
        let hits = try row?.decode(column: "hits", as: Int.self) ?? 1
        if hits > rule.limit { throw window.limited }
    }

    /// Counts one occurrence and says whether it is within the limit (for work done quietly, such
    /// as a job that skips a mail rather than answering 429).
    public func allows(_ rule: RateLimitRule, key: String, now: Date? = nil) async throws -> Bool {
        do {
            try await hit(rule, key: key, now: now)
            return true
        } catch is RateLimited {
            return false
        }
    }

    /// Throws `RateLimited` if the key has used up its limit in this window, without counting
    /// (for limits that count only failures).
    public func check(_ rule: RateLimitRule, key: String, now: Date? = nil) async throws {
        let window = Window(rule, at: now ?? clock.now)
        let row = try await (database as! any SQLDatabase).raw("""
            SELECT hits FROM rate_limit_counters WHERE bucket = \(bind: Self.bucket(rule, key)) AND window_start = \(bind: window.start)
            """).first()
        if let hits = try row?.decode(column: "hits", as: Int.self), hits >= rule.limit { throw window.limited }
    }

    static func bucket(_ rule: RateLimitRule, _ key: String) -> String {
        "\(rule.name):\(key.lowercased().prefix(320))"
    }

    /// Forgets windows that have ended (called by the housekeeping job).
    public func removeExpired(now: Date? = nil) async throws {
        let now = now ?? clock.now
        try await (database as! any SQLDatabase).raw(
            "DELETE FROM rate_limit_counters WHERE expires_at < \(bind: Int(now.timeIntervalSince1970))"
        ).run()
    }
}

extension Request {
    public var rateLimiter: RateLimiter { RateLimiter(database: db, clock: application.clock) }
}

/// The counters' table.
struct CreateRateLimitCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rate_limit_counters")
            .field("bucket", .string, .required)
            .field("window_start", .int64, .required)
            .field("hits", .int64, .required)
            .field("expires_at", .int64, .required)
            .compositeIdentifier(over: "bucket", "window_start")
            .create()
        try await (database as! any SQLDatabase).create(index: "rate_limit_counters_expires_at")
            .on("rate_limit_counters").column("expires_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rate_limit_counters").delete()
    }
}
