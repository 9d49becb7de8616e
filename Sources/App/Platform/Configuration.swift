import Foundation
import Logging

/// Every setting the server reads from its environment, read once at start and validated, so a
/// bad value stops the start with one clear line instead of failing later inside a request.
public struct AppConfiguration: Sendable {
    /// Where the data lives.
    public enum DatabaseLocation: Sendable, Equatable {
        case sqliteFile(path: String)
        /// An SQLite database that lives only as long as the process (tests).
        case sqliteMemory
        case postgres(url: String)
    }

    /// Output shape of the log lines.
    public enum LogFormat: String, Sendable, CaseIterable {
        case text, json
    }

    public var database: DatabaseLocation
    /// The address members see; links in mail and the secure-cookie decision come from it.
    public var publicURL: URL
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    /// Connections per event loop in the PostgreSQL pool (SQLite always uses one).
    public var databasePoolSize: Int
    /// The folder holding `Resources/` and `Public/`.
    public var rootDirectory: String
    /// Re-read Leaf templates on every request (development only; slow).
    public var reloadTemplates: Bool
    /// Reverse proxies whose `X-Forwarded-For` is believed; every other peer is the client itself.
    public var trustedProxies: [IPAddressRange]
    /// Where mail goes; `nil` writes mail to the log (development).
    public var smtpURL: String?
    /// The sender address of every mail.
    public var mailFrom: String
    /// Seconds before the first retry of a mail that could not be sent; doubles per attempt.
    public var mailRetrySeconds: Int
    /// bcrypt work factor; each step doubles the time a sign-in costs (tests use the minimum).
    public var passwordHashCost: Int
    /// Google, Facebook, LinkedIn and any OpenID Connect provider, each on when its variables are set.
    public var signInProviders: SignInProviderSettings
    /// Signs the CSRF cookie given before sign-in and the device cookies; `nil` makes a random key
    /// once and keeps it in the database.
    public var secretKey: String?
    /// Send `Server-Timing` (the benchmarks read it); never on the sign-in and account routes,
    /// whose timing could tell which addresses have accounts.
    public var sendsServerTiming: Bool
    /// Live event streams (`GET /api/v1/events`) this instance keeps open at once; beyond, 503.
    /// Each is an open connection and a little memory, never a database connection.
    public var liveMaximumStreams: Int
    /// How long a new message stays unread before it is mailed to a member who chose mail "soon
    /// after" (the default for messages); 0 mails it at once.
    public var messageMailDelaySeconds: Int
    /// How often the digest job looks for members whose 08:00 has come: a daily or weekly digest
    /// goes out at most this long after the member's morning.
    public var digestCheckSeconds: Int

    /// Served over HTTPS: cookies get `Secure` and responses get HSTS.
    public var isSecure: Bool { publicURL.scheme == "https" }

    public static let defaultSQLiteFile = "opendiaspora.sqlite"

    public init(
        database: DatabaseLocation,
        publicURL: URL,
        logLevel: Logger.Level = .info,
        logFormat: LogFormat = .text,
        databasePoolSize: Int = 4,
        rootDirectory: String,
        reloadTemplates: Bool = false,
        trustedProxies: [IPAddressRange] = [],
        smtpURL: String? = nil,
        mailFrom: String = "OpenDiaspora <no-reply@localhost>",
        mailRetrySeconds: Int = 60,
        passwordHashCost: Int = 12,
        signInProviders: SignInProviderSettings = SignInProviderSettings(),
        secretKey: String? = nil,
        sendsServerTiming: Bool = false,
        liveMaximumStreams: Int = 2000,
        messageMailDelaySeconds: Int = 900,
        digestCheckSeconds: Int = 900
    ) {
        self.database = database
        self.publicURL = publicURL
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.databasePoolSize = databasePoolSize
        self.rootDirectory = rootDirectory
        self.reloadTemplates = reloadTemplates
        self.trustedProxies = trustedProxies
        self.smtpURL = smtpURL
        self.mailFrom = mailFrom
        self.mailRetrySeconds = mailRetrySeconds
        self.passwordHashCost = passwordHashCost
        self.signInProviders = signInProviders
        self.secretKey = secretKey
        self.sendsServerTiming = sendsServerTiming
        self.liveMaximumStreams = liveMaximumStreams
        self.messageMailDelaySeconds = messageMailDelaySeconds
        self.digestCheckSeconds = digestCheckSeconds
    }

    /// Reads and validates the environment; throws the first invalid variable.
    public init(environment: [String: String], rootDirectory: String) throws(ConfigurationError) {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        self.rootDirectory = rootDirectory
        self.database = try Self.parseDatabaseURL(value("DATABASE_URL"), rootDirectory: rootDirectory)
        self.publicURL = try Self.parsePublicURL(value("PUBLIC_URL"))
        self.logLevel = try Self.parseEnum("LOG_LEVEL", value("LOG_LEVEL"), default: .info)
        self.logFormat = try Self.parseEnum("LOG_FORMAT", value("LOG_FORMAT"), default: .text)
        self.databasePoolSize = try Self.parseInt("DATABASE_POOL_SIZE", value("DATABASE_POOL_SIZE"), default: 4, range: 1...64)
        self.reloadTemplates = try Self.parseInt("LEAF_RELOAD", value("LEAF_RELOAD"), default: 0, range: 0...1) == 1
        self.trustedProxies = try Self.parseTrustedProxies(value("TRUSTED_PROXIES"))
        self.smtpURL = try Self.parseSMTPURL(value("SMTP_URL"))
        self.mailFrom = try Self.parseMailFrom(value("MAIL_FROM"), publicURL: publicURL)
        self.mailRetrySeconds = try Self.parseInt("MAIL_RETRY_SECONDS", value("MAIL_RETRY_SECONDS"), default: 60, range: 1...86_400)
        self.passwordHashCost = try Self.parseInt("PASSWORD_HASH_COST", value("PASSWORD_HASH_COST"), default: 12, range: 4...16)
        self.signInProviders = try SignInProviderSettings.parse(value)
        self.secretKey = try Self.parseSecretKey(value("SECRET_KEY"))
        self.sendsServerTiming = try Self.parseInt("SERVER_TIMING", value("SERVER_TIMING"), default: 0, range: 0...1) == 1
        self.liveMaximumStreams = try Self.parseInt("LIVE_MAX_STREAMS", value("LIVE_MAX_STREAMS"), default: 2000, range: 1...100_000)
        self.messageMailDelaySeconds = try Self.parseInt("MESSAGE_MAIL_DELAY_SECONDS", value("MESSAGE_MAIL_DELAY_SECONDS"), default: 900, range: 0...86_400)
        self.digestCheckSeconds = try Self.parseInt("DIGEST_CHECK_SECONDS", value("DIGEST_CHECK_SECONDS"), default: 900, range: 5...3600)
    }

    /// At least 32 characters, so the key holds at least as much as the generated one would.
    static func parseSecretKey(_ raw: String?) throws(ConfigurationError) -> String? {
        guard let raw else { return nil }
        guard raw.utf8.count >= 32 else {
            throw ConfigurationError(variable: "SECRET_KEY", expected: "at least 32 random characters, such as the output of `openssl rand -base64 32` (got \(raw.utf8.count))")
        }
        return raw
    }

    static func parseTrustedProxies(_ raw: String?) throws(ConfigurationError) -> [IPAddressRange] {
        guard let raw else { return [] }
        var ranges: [IPAddressRange] = []
        for item in raw.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            guard let range = IPAddressRange(item) else {
                throw ConfigurationError(variable: "TRUSTED_PROXIES", expected: "IP addresses or CIDR ranges separated by commas, such as 10.0.0.1,192.168.0.0/16 (got \"\(item.prefix(60))\")")
            }
            ranges.append(range)
        }
        return ranges
    }

    static func parseSMTPURL(_ raw: String?) throws(ConfigurationError) -> String? {
        guard let raw else { return nil }
        do {
            _ = try SMTPConfiguration.parse(url: raw)
        } catch {
            throw ConfigurationError(variable: "SMTP_URL", expected: "smtp://user:password@host:port or smtps://… (\(error))")
        }
        return raw
    }

    static func parseMailFrom(_ raw: String?, publicURL: URL) throws(ConfigurationError) -> String {
        guard let raw else { return "OpenDiaspora <no-reply@\(publicURL.host ?? "localhost")>" }
        guard MailAddress(parsing: raw) != nil else {
            throw ConfigurationError(variable: "MAIL_FROM", expected: "an address such as no-reply@example.org or Name <no-reply@example.org> (got \"\(raw.prefix(80))\")")
        }
        return raw
    }

    static func parseDatabaseURL(_ raw: String?, rootDirectory: String) throws(ConfigurationError) -> DatabaseLocation {
        guard let raw else {
            return .sqliteFile(path: (rootDirectory as NSString).appendingPathComponent(defaultSQLiteFile))
        }
        let expected = "sqlite:///absolute/path/file.sqlite, sqlite://relative/file.sqlite or postgres://user:password@host:port/database"
        if raw.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            guard !path.isEmpty, !path.hasSuffix("/") else {
                throw ConfigurationError(variable: "DATABASE_URL", expected: "a file path after sqlite:// (\(expected))")
            }
            let absolute = path.hasPrefix("/") ? path : (rootDirectory as NSString).appendingPathComponent(path)
            let folder = (absolute as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ConfigurationError(variable: "DATABASE_URL", expected: "an SQLite file in an existing folder; \(folder) does not exist")
            }
            return .sqliteFile(path: absolute)
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: raw), let host = components.host, !host.isEmpty,
                  components.path.count > 1
            else {
                throw ConfigurationError(variable: "DATABASE_URL", expected: "postgres://user:password@host:port/database with a host and a database name")
            }
            if let port = components.port, !(1...65535).contains(port) {
                throw ConfigurationError(variable: "DATABASE_URL", expected: "a port between 1 and 65535")
            }
            return .postgres(url: raw)
        }
        // Only the scheme is echoed: the rest may hold a password.
        let scheme = raw.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        throw ConfigurationError(variable: "DATABASE_URL", expected: "\(expected) (got a value starting with \"\(scheme.prefix(20))\")")
    }

    static func parsePublicURL(_ raw: String?) throws(ConfigurationError) -> URL {
        guard let raw else { return URL(string: "http://127.0.0.1:8080")! }
        guard let url = URL(string: raw), let scheme = url.scheme, ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            throw ConfigurationError(variable: "PUBLIC_URL", expected: "an absolute http:// or https:// address such as https://diaspora.example.org (got \"\(raw.prefix(80))\")")
        }
        // One spelling without a trailing slash so links can be appended to it.
        if raw.hasSuffix("/"), let trimmed = URL(string: String(raw.dropLast())) { return trimmed }
        return url
    }

    static func parseEnum<T: RawRepresentable & CaseIterable>(_ name: String, _ raw: String?, default fallback: T) throws(ConfigurationError) -> T where T.RawValue == String {
        guard let raw else { return fallback }
        guard let parsed = T(rawValue: raw.lowercased()) else {
            let choices = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: name, expected: "one of \(choices) (got \"\(raw.prefix(40))\")")
        }
        return parsed
    }

    static func parseInt(_ name: String, _ raw: String?, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let raw else { return fallback }
        guard let parsed = Int(raw), range.contains(parsed) else {
            throw ConfigurationError(variable: name, expected: "a whole number from \(range.lowerBound) to \(range.upperBound) (got \"\(raw.prefix(40))\")")
        }
        return parsed
    }
}

/// A variable that is set to something the server cannot use.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let variable: String
    public let expected: String

    public var description: String { "\(variable) is invalid: expected \(expected)" }
}
