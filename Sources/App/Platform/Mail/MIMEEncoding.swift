import Foundation

/// RFC 2045/2047/5322 encoding primitives that keep header and body lines 7-bit and within length limits.
enum MIMEEncoding {
    /// Longest header line we aim for (RFC 5322 recommends 78 characters).
    static let preferredLineLength = 78

    /// Quoted-printable body with CRLF hard line breaks; any input line ending style is canonicalised first.
    ///
    /// Leading dots are left alone on purpose: SMTP dot-stuffing is the transport's job, not the encoding's.
    static func quotedPrintable(_ text: String) -> String {
        var lines: [[UInt8]] = [[]]
        var previousWasCR = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\r"):
                lines.append([])
                previousWasCR = true
                continue
            case UInt8(ascii: "\n"):
                if !previousWasCR { lines.append([]) }
            default:
                lines[lines.count - 1].append(byte)
            }
            previousWasCR = false
        }

        var output: [String] = []
        for line in lines {
            var tokens: [String] = line.map { byte in
                let isLiteral = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || byte == 32 || byte == 9
                return isLiteral ? String(UnicodeScalar(byte)) : hexEscape(byte)
            }
            // Trailing whitespace would be stripped by relays, so it must be encoded.
            if let last = line.last, last == 32 || last == 9 {
                tokens[tokens.count - 1] = hexEscape(last)
            }
            var current = ""
            for token in tokens {
                // 75 leaves room for the "=" soft break within the 76 character limit.
                if current.utf8.count + token.utf8.count > 75 {
                    output.append(current + "=")
                    current = ""
                }
                current += token
            }
            output.append(current)
        }
        return output.joined(separator: "\r\n")
    }

    private static func hexEscape(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=\(digits[Int(byte >> 4)])\(digits[Int(byte & 0x0F)])"
    }

    /// Whether text can go into a header verbatim; otherwise it needs RFC 2047 encoded-words.
    static func isPlainHeaderText(_ text: String) -> Bool {
        // "=?" could be misread as an encoded-word, and very long words could not be folded.
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
            && !text.contains("=?")
            && !text.split(separator: " ").contains(where: { $0.utf8.count > 70 })
    }

    /// Space-separated `=?UTF-8?B?...?=` words, each short enough to fit a folded header line.
    static func encodedWords(_ text: String) -> String {
        // 39 bytes encode to 52 base64 characters, so "Subject: " plus one word stays under 78.
        let maxBytesPerWord = 39
        var words: [[UInt8]] = []
        var chunk: [UInt8] = []
        // Split on scalar boundaries: RFC 2047 forbids splitting a multi-byte character across words.
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > maxBytesPerWord {
                words.append(chunk)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0).base64EncodedString())?=" }.joined(separator: " ")
    }

    static func unstructuredValue(_ text: String) -> String {
        isPlainHeaderText(text) ? text : encodedWords(text)
    }

    /// `Name <address>`, quoting or encoding the display name as needed; the address itself must already be validated.
    static func mailbox(address: String, displayName: String?) -> String {
        guard let name = displayName, !name.isEmpty else { return address }
        if !isPlainHeaderText(name) {
            return "\(encodedWords(name)) <\(address)>"
        }
        let atextOrSpace = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ "
        )
        if name.unicodeScalars.allSatisfy({ atextOrSpace.contains($0) }) && !name.hasPrefix(" ") && !name.hasSuffix(" ") {
            return "\(name) <\(address)>"
        }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\" <\(address)>"
    }

    /// `Name: value` folded at spaces outside quoted strings, so unfolding restores the exact value.
    static func foldedHeader(name: String, value: String) -> String {
        var words: [String] = [""]
        var inQuotes = false
        var escaped = false
        for character in value {
            if character == " " && !inQuotes {
                words.append("")
                continue
            }
            if escaped {
                escaped = false
            } else if character == "\\" && inQuotes {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            }
            words[words.count - 1].append(character)
        }

        var result = ""
        var line = "\(name):"
        var lineHasWord = false
        for word in words {
            // Folding before an empty word would create a whitespace-only line, which RFC 5322 forbids.
            if lineHasWord && !word.isEmpty && line.utf8.count + 1 + word.utf8.count > preferredLineLength {
                result += line + "\r\n"
                line = " " + word
            } else {
                line += " " + word
            }
            lineHasWord = lineHasWord || !word.isEmpty
        }
        return result + line
    }
}
