/// Why a send failed, classified so the caller's mail queue knows whether retrying can help.
public enum SMTPError: Error, Equatable, CustomStringConvertible {
    /// TCP connect or DNS failed.
    case connectionFailed(String)
    /// The server closed the connection before answering.
    case connectionClosed(during: String)
    case timeout(during: String)
    /// TLS handshake or certificate validation failed.
    case tlsFailed(String)
    /// The server answered a command with an unexpected code; 4xx is transient, anything else permanent.
    case unexpectedReply(command: String, code: Int, message: String)
    /// Credentials were rejected; only the code and enhanced status are kept, never the exchanged payloads.
    case authenticationFailed(code: Int, enhancedStatus: String?)
    /// Credentials are configured but the server offers neither AUTH PLAIN nor AUTH LOGIN.
    case authenticationUnsupported
    /// Sending credentials would have exposed them in cleartext to a non-local host.
    case insecureAuthentication(host: String)
    /// The server sent something that is not valid SMTP.
    case protocolViolation(String)
    /// The configuration cannot be used as given (for example a HELO name with spaces).
    case invalidConfiguration(String)
    /// The mail itself was rejected before contacting the server (header injection, bad address...).
    case invalidMessage(String)

    /// True when the same mail may succeed later, so the caller should requeue it.
    public var isTransient: Bool {
        switch self {
        case .connectionFailed, .connectionClosed, .timeout, .tlsFailed, .protocolViolation:
            return true
        case .unexpectedReply(_, let code, _), .authenticationFailed(let code, _):
            return (400..<500).contains(code)
        case .authenticationUnsupported, .insecureAuthentication, .invalidConfiguration, .invalidMessage:
            return false
        }
    }

    public var description: String {
        switch self {
        case .connectionFailed(let reason):
            return "SMTP connection failed: \(reason)"
        case .connectionClosed(let step):
            return "SMTP server closed the connection during \(step)"
        case .timeout(let step):
            return "SMTP server did not answer in time during \(step)"
        case .tlsFailed(let reason):
            return "SMTP TLS failed: \(reason)"
        case .unexpectedReply(let command, let code, let message):
            return "SMTP server answered \(command) with \(code) \(message)"
        case .authenticationFailed(let code, let enhancedStatus):
            return "SMTP authentication failed with \(code)" + (enhancedStatus.map { " \($0)" } ?? "")
        case .authenticationUnsupported:
            return "SMTP server offers neither AUTH PLAIN nor AUTH LOGIN"
        case .insecureAuthentication(let host):
            return "refusing to send SMTP credentials to \(host) over an unencrypted connection"
        case .protocolViolation(let reason):
            return "SMTP protocol violation: \(reason)"
        case .invalidConfiguration(let reason):
            return "invalid SMTP configuration: \(reason)"
        case .invalidMessage(let reason):
            return "invalid mail: \(reason)"
        }
    }
}
