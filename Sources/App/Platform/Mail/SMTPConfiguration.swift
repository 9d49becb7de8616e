import Foundation
import NIOCore

/// Everything needed to reach and authenticate against one SMTP relay, usually parsed from a single URL setting.
public struct SMTPConfiguration: Sendable, Equatable {
    /// How the connection gets encrypted.
    public enum Security: Sendable, Equatable {
        /// Port 587 style: start in cleartext and upgrade when the server advertises STARTTLS.
        case startTLSWhenOffered
        /// Port 465 style: TLS from the first byte.
        case implicitTLS
    }

    /// How strictly the server certificate is checked.
    public enum TLSVerification: Sendable, Equatable {
        /// Chain and hostname are verified against the system trust store.
        case full
        /// No verification at all; only meant for tests against self-signed certificates.
        case none
    }

    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var security: Security
    public var heloName: String
    /// Upper bound for connecting and for each individual command/reply round trip.
    public var timeout: TimeAmount
    public var tlsVerification: TLSVerification

    public init(
        host: String,
        port: Int,
        username: String? = nil,
        password: String? = nil,
        security: Security = .startTLSWhenOffered,
        heloName: String = "localhost",
        timeout: TimeAmount = .seconds(30),
        tlsVerification: TLSVerification = .full
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.security = security
        self.heloName = heloName
        self.timeout = timeout
        self.tlsVerification = tlsVerification
    }

    /// Parses `smtp://[user[:password]@]host[:port][?tls=none]` or the same with `smtps://`.
    ///
    /// - `smtp` means STARTTLS when offered, default port 587; `smtps` means implicit TLS, default port 465.
    /// - User and password are percent-decoded, so reserved characters (`@`, `:`, `/`, `%`...) must be
    ///   percent-encoded. The last `@` separates credentials from the host, so an unencoded `@` in the
    ///   password is tolerated.
    /// - `?tls=none` disables certificate verification (self-signed test servers only); `?tls=full` is the default.
    /// - IPv6 literal hosts are written in brackets: `smtp://[::1]:2525`.
    ///
    /// Thrown errors describe the problem without ever echoing the password.
    public static func parse(url: String) throws -> SMTPConfiguration {
        guard let schemeEnd = url.range(of: "://") else {
            throw SMTPConfigurationError.missingScheme
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let security: Security
        let defaultPort: Int
        switch scheme {
        case "smtp":
            security = .startTLSWhenOffered
            defaultPort = 587
        case "smtps":
            security = .implicitTLS
            defaultPort = 465
        default:
            // The scheme comes before any credentials, so echoing it cannot leak the password.
            throw SMTPConfigurationError.unsupportedScheme(String(scheme.prefix(20)))
        }

        var rest = Substring(url[schemeEnd.upperBound...])
        if let hashIndex = rest.firstIndex(of: "#") {
            rest = rest[..<hashIndex]
        }
        var query: Substring?
        if let questionIndex = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: questionIndex)...]
            rest = rest[..<questionIndex]
        }
        var authority = rest
        if let slashIndex = rest.firstIndex(of: "/") {
            guard rest[slashIndex...] == "/" else { throw SMTPConfigurationError.unexpectedPath }
            authority = rest[..<slashIndex]
        }

        var username: String?
        var password: String?
        var hostAndPort = authority
        // Last "@" so that a password containing an unencoded "@" still parses.
        if let atIndex = authority.lastIndex(of: "@") {
            let userInfo = authority[..<atIndex]
            hostAndPort = authority[authority.index(after: atIndex)...]
            let rawUser: Substring
            var rawPassword: Substring?
            if let colonIndex = userInfo.firstIndex(of: ":") {
                rawUser = userInfo[..<colonIndex]
                rawPassword = userInfo[userInfo.index(after: colonIndex)...]
            } else {
                rawUser = userInfo
            }
            guard let decodedUser = String(rawUser).removingPercentEncoding else {
                throw SMTPConfigurationError.invalidPercentEncoding(component: "username")
            }
            if let rawPassword {
                guard let decodedPassword = String(rawPassword).removingPercentEncoding else {
                    throw SMTPConfigurationError.invalidPercentEncoding(component: "password")
                }
                password = decodedPassword
            }
            username = decodedUser.isEmpty ? nil : decodedUser
        }

        let host: Substring
        var portText: Substring?
        if hostAndPort.hasPrefix("[") {
            guard let closing = hostAndPort.firstIndex(of: "]") else {
                throw SMTPConfigurationError.invalidHost
            }
            host = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<closing]
            let afterBracket = hostAndPort[hostAndPort.index(after: closing)...]
            if !afterBracket.isEmpty {
                guard afterBracket.hasPrefix(":") else { throw SMTPConfigurationError.invalidHost }
                portText = afterBracket.dropFirst()
            }
        } else if let colonIndex = hostAndPort.firstIndex(of: ":") {
            host = hostAndPort[..<colonIndex]
            portText = hostAndPort[hostAndPort.index(after: colonIndex)...]
        } else {
            host = hostAndPort
        }
        guard !host.isEmpty else { throw SMTPConfigurationError.missingHost }
        guard host.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "/" && $0 != "@" && $0 != "%" }) else {
            throw SMTPConfigurationError.invalidHost
        }

        var port = defaultPort
        if let portText {
            // Never echo the text: a misplaced password could end up in the port position.
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(portText), (1...65535).contains(value)
            else {
                throw SMTPConfigurationError.invalidPort
            }
            port = value
        }

        var configuration = SMTPConfiguration(
            host: String(host).lowercased(),
            port: port,
            username: username,
            password: password,
            security: security
        )

        if let query, !query.isEmpty {
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = parts[0].lowercased()
                let value = parts.count > 1 ? parts[1].lowercased() : ""
                switch (key, value) {
                case ("tls", "none"):
                    configuration.tlsVerification = .none
                case ("tls", "full"):
                    configuration.tlsVerification = .full
                case ("tls", _):
                    throw SMTPConfigurationError.invalidQuery("tls must be 'full' or 'none'")
                default:
                    throw SMTPConfigurationError.invalidQuery("unknown parameter '\(key.prefix(20))'")
                }
            }
        }
        return configuration
    }
}

// The default struct description would print the password into logs; these keep it out.
extension SMTPConfiguration: CustomStringConvertible, CustomReflectable {
    public var description: String {
        let scheme = self.security == .implicitTLS ? "smtps" : "smtp"
        let credentials = self.username.map { "\($0):***@" } ?? ""
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        let tls = self.tlsVerification == .none ? "?tls=none" : ""
        return "\(scheme)://\(credentials)\(host):\(self.port)\(tls)"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["description": self.description])
    }
}

/// Why an SMTP URL could not be parsed; descriptions never include the password.
public enum SMTPConfigurationError: Error, Equatable, CustomStringConvertible {
    case missingScheme
    case unsupportedScheme(String)
    case missingHost
    case invalidHost
    case invalidPort
    case unexpectedPath
    case invalidPercentEncoding(component: String)
    case invalidQuery(String)

    public var description: String {
        switch self {
        case .missingScheme:
            return "SMTP URL must start with smtp:// or smtps://"
        case .unsupportedScheme(let scheme):
            return "SMTP URL scheme '\(scheme)' is not supported (use smtp or smtps)"
        case .missingHost:
            return "SMTP URL has no host"
        case .invalidHost:
            return "SMTP URL host is malformed"
        case .invalidPort:
            return "SMTP URL port must be a number between 1 and 65535"
        case .unexpectedPath:
            return "SMTP URL must not contain a path"
        case .invalidPercentEncoding(let component):
            return "SMTP URL \(component) contains invalid percent-encoding"
        case .invalidQuery(let problem):
            return "SMTP URL query is invalid: \(problem)"
        }
    }
}
