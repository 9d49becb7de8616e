import Foundation

/// One transactional email (verification, password reset...) addressed to a single recipient.
public struct OutgoingMail: Sendable, Equatable {
    public var from: String
    public var fromName: String?
    public var to: String
    public var toName: String?
    public var subject: String
    public var textBody: String
    public var htmlBody: String?
    /// Right-hand side of the generated Message-ID; `nil` uses the domain of `from`.
    public var messageIDDomain: String?
    /// Written after the standard headers; each must be a valid `MailHeader`.
    public var extraHeaders: [MailHeader]

    public init(
        from: String,
        fromName: String? = nil,
        to: String,
        toName: String? = nil,
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        messageIDDomain: String? = nil,
        extraHeaders: [MailHeader] = []
    ) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.toName = toName
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.messageIDDomain = messageIDDomain
        self.extraHeaders = extraHeaders
    }
}

/// Why a mail could not be turned into a safe RFC 5322 message.
public enum MailMessageError: Error, Equatable, CustomStringConvertible {
    /// A CR, LF or other control character would let the value forge extra headers.
    case forbiddenCharacter(field: String)
    case invalidAddress(field: String)

    public var description: String {
        switch self {
        case .forbiddenCharacter(let field):
            return "mail \(field) contains a line break or control character"
        case .invalidAddress(let field):
            return "mail \(field) is not a valid address"
        }
    }
}

/// A message ready for the DATA command, kept with its Message-ID so callers can log or thread it.
public struct EncodedMail: Sendable {
    public var messageID: String
    /// Complete message with CRLF line endings, not yet dot-stuffed.
    public var bytes: [UInt8]
}

/// Builds the RFC 5322 / MIME text of an `OutgoingMail`, refusing anything that could inject headers.
public enum MailMessageEncoder {
    public static func encode(_ mail: OutgoingMail, date: Date = Date()) throws -> EncodedMail {
        let from = try validatedAddress(mail.from, field: "from")
        let to = try validatedAddress(mail.to, field: "to")
        let fromName = try mail.fromName.map { try validatedHeaderText($0, field: "fromName") }
        let toName = try mail.toName.map { try validatedHeaderText($0, field: "toName") }
        let subject = try validatedHeaderText(mail.subject, field: "subject")
        let domain: String
        if let custom = mail.messageIDDomain {
            domain = try validatedDomain(custom, field: "messageIDDomain")
        } else {
            domain = String(from[from.index(after: from.firstIndex(of: "@")!)...])
        }

        let messageID = "<\(randomHex(bytes: 16))@\(domain)>"
        var lines: [String] = [
            "Date: \(rfc5322Date(date))",
            MIMEEncoding.foldedHeader(name: "From", value: MIMEEncoding.mailbox(address: from, displayName: fromName)),
            MIMEEncoding.foldedHeader(name: "To", value: MIMEEncoding.mailbox(address: to, displayName: toName)),
            MIMEEncoding.foldedHeader(name: "Subject", value: MIMEEncoding.unstructuredValue(subject)),
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
        ]
        guard mail.extraHeaders.count <= MailHeader.maximumCount else { throw MailMessageError.forbiddenCharacter(field: "headers") }
        for header in mail.extraHeaders {
            guard header.isValid else { throw MailMessageError.forbiddenCharacter(field: "header \(header.name.prefix(64))") }
            lines.append(MIMEEncoding.foldedHeader(name: header.name, value: header.value))
        }

        let textPart = MIMEEncoding.quotedPrintable(mail.textBody)
        if let html = mail.htmlBody {
            // "=_" can never occur in quoted-printable output, so the boundary cannot collide with content.
            let boundary = "=_\(randomHex(bytes: 12))"
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("--\(boundary)")
            lines.append("Content-Type: text/plain; charset=utf-8")
            lines.append("Content-Transfer-Encoding: quoted-printable")
            lines.append("")
            lines.append(textPart)
            lines.append("--\(boundary)")
            lines.append("Content-Type: text/html; charset=utf-8")
            lines.append("Content-Transfer-Encoding: quoted-printable")
            lines.append("")
            lines.append(MIMEEncoding.quotedPrintable(html))
            lines.append("--\(boundary)--")
        } else {
            lines.append("Content-Type: text/plain; charset=utf-8")
            lines.append("Content-Transfer-Encoding: quoted-printable")
            lines.append("")
            lines.append(textPart)
        }
        let text = lines.joined(separator: "\r\n") + "\r\n"
        return EncodedMail(messageID: messageID, bytes: Array(text.utf8))
    }

    /// Minimal check that keeps addresses usable both in the envelope and in headers.
    static func validatedAddress(_ address: String, field: String) throws -> String {
        if address.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw MailMessageError.forbiddenCharacter(field: field)
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        // ASCII only because SMTPUTF8 is not negotiated; the specials would break the header or the envelope.
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, address.utf8.count <= 254,
            address.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
            !address.contains(where: { "<>()[],;:\\\"".contains($0) })
        else {
            throw MailMessageError.invalidAddress(field: field)
        }
        _ = try validatedDomain(String(parts[1]), field: field)
        return address
    }

    static func validatedDomain(_ domain: String, field: String) throws -> String {
        guard !domain.isEmpty, domain.utf8.count <= 253,
            domain.unicodeScalars.allSatisfy({
                ($0.value >= 0x30 && $0.value <= 0x39) || ($0.value >= 0x41 && $0.value <= 0x5A)
                    || ($0.value >= 0x61 && $0.value <= 0x7A) || $0 == "-" || $0 == "."
            }),
            !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..")
        else {
            throw MailMessageError.invalidAddress(field: field)
        }
        return domain
    }

    /// Rejects every control character except tab: CR/LF would inject headers and the rest has no business in a header.
    static func validatedHeaderText(_ text: String, field: String) throws -> String {
        let forbidden = text.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
                || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}"
        }
        if forbidden {
            throw MailMessageError.forbiddenCharacter(field: field)
        }
        return text
    }

    static func rfc5322Date(_ date: Date) -> String {
        // A fresh formatter per call: DateFormatter is not Sendable and mails are not sent often enough to matter.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            return String(byte, radix: 16).leftPadded(to: 2)
        }.joined()
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        self.count >= length ? self : String(repeating: "0", count: length - self.count) + self
    }
}
