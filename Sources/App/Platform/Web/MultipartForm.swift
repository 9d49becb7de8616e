import Foundation
import Vapor

/// A `multipart/form-data` body (RFC 7578) read in one pass over its bytes with hard bounds: at
/// most so many parts, each part's headers at most `maximumHeaderBytes`, each text field at most
/// `maximumFieldBytes`, and a body that ends with its closing delimiter. Anything else is refused
/// before a handler sees it, in time linear in the body's size.
public struct MultipartForm: Sendable {
    public struct Part: Sendable {
        public let name: String
        /// Present for a file input (possibly empty when no file was chosen).
        public let filename: String?
        public let contentType: String?
        let range: Range<Int>
    }

    public enum Refusal: Error, Equatable {
        /// More parts, or a larger text field, than the route takes (413).
        case tooLarge
        /// Not the structure RFC 7578 describes: a missing or unclosed delimiter, headers too long, no name (400).
        case malformed
    }

    /// Generous for `Content-Disposition` and `Content-Type` of one part; a browser sends ~150 bytes.
    public static let maximumHeaderBytes = 1024
    /// The largest text field (not a file) a multipart form may carry.
    public static let maximumFieldBytes = 8 * 1024

    public let parts: [Part]
    /// The body as received (parts are ranges of it: nothing is copied until a part is asked for).
    private let body: ByteBuffer

    /// The text of the first field of this name that is not a file.
    public func value(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: bytes($0.range), as: UTF8.self) }
    }

    /// The bytes of the first file part of this name (empty when the input was left empty).
    public func file(_ name: String) -> [UInt8]? {
        parts.first { $0.name == name && $0.filename != nil }.map { bytes($0.range) }
    }

    private func bytes(_ range: Range<Int>) -> [UInt8] {
        body.getBytes(at: body.readerIndex + range.lowerBound, length: range.count) ?? []
    }

    /// The boundary of a `multipart/form-data` content type: 1–70 characters of RFC 2046's `bchars`.
    public static func boundary(of contentType: HTTPMediaType) -> String? {
        guard let boundary = contentType.parameters["boundary"], (1...70).contains(boundary.utf8.count),
              boundary.utf8.allSatisfy({ isBoundaryCharacter($0) }), boundary.utf8.last != UInt8(ascii: " ")
        else { return nil }
        return boundary
    }

    private static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): true
        default: Array("'()+_,-./:=? ".utf8).contains(byte)
        }
    }

    public init(parsing body: ByteBuffer, boundary: String, maxParts: Int) throws(Refusal) {
        self.body = body
        let parsed = body.withUnsafeReadableBytes { raw in
            Result { () throws(Refusal) in try Self.parts(of: raw.bindMemory(to: UInt8.self), boundary: boundary, maxParts: maxParts) }
        }
        self.parts = try parsed.get()
    }

    private static func parts(of bytes: UnsafeBufferPointer<UInt8>, boundary: String, maxParts: Int) throws(Refusal) -> [Part] {
        let delimiter = Array("--\(boundary)".utf8)
        // Every delimiter after the first is preceded by CRLF (RFC 2046 5.1.1).
        let separator = Array("\r\n--\(boundary)".utf8)
        var parts: [Part] = []
        guard var cursor = Self.firstDelimiterEnd(in: bytes, delimiter: delimiter) else { throw .malformed }
        while true {
            // After a delimiter: "--" closes the body; otherwise optional padding, then CRLF.
            if bytes.count - cursor >= 2, bytes[cursor] == UInt8(ascii: "-"), bytes[cursor + 1] == UInt8(ascii: "-") { break }
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
            guard bytes.count - cursor >= 2, bytes[cursor] == 0x0D, bytes[cursor + 1] == 0x0A else { throw .malformed }
            cursor += 2
            guard parts.count < maxParts else { throw .tooLarge }
            let headerEnd = try Self.headerEnd(in: bytes, from: cursor)
            let header = try PartHeader(bytes[cursor..<headerEnd])
            let contentStart = headerEnd + 4
            guard let contentEnd = Self.nextDelimiter(separator, in: bytes, from: contentStart) else { throw .malformed }
            if header.filename == nil, contentEnd - contentStart > Self.maximumFieldBytes { throw .tooLarge }
            parts.append(Part(name: header.name, filename: header.filename, contentType: header.contentType, range: contentStart..<contentEnd))
            cursor = contentEnd + separator.count
        }
        return parts
    }

    /// The next CRLF + delimiter that really is one: followed by `--`, or by optional padding and
    /// CRLF (RFC 2046 5.1.1). The same characters followed by anything else are part of the data.
    private static func nextDelimiter(_ separator: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var from = start
        while let found = find(separator, in: bytes, from: from) {
            var after = found + separator.count
            if bytes.count - after >= 2, bytes[after] == UInt8(ascii: "-"), bytes[after + 1] == UInt8(ascii: "-") { return found }
            while after < bytes.count, bytes[after] == UInt8(ascii: " ") || bytes[after] == UInt8(ascii: "\t") { after += 1 }
            if bytes.count - after >= 2, bytes[after] == 0x0D, bytes[after + 1] == 0x0A { return found }
            from = found + 1
        }
        return nil
    }

    /// Where the first delimiter ends: at the start of the body, or after a preamble and CRLF.
    private static func firstDelimiterEnd(in bytes: UnsafeBufferPointer<UInt8>, delimiter: [UInt8]) -> Int? {
        if bytes.starts(with: delimiter) { return delimiter.count }
        return find([0x0D, 0x0A] + delimiter, in: bytes, from: 0).map { $0 + 2 + delimiter.count }
    }

    /// The index of the blank line that ends a part's headers, looked for within the header limit only.
    private static func headerEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(Refusal) -> Int {
        let limit = min(bytes.count, start + maximumHeaderBytes + 4)
        var index = start
        while index + 3 < limit {
            if bytes[index] == 0x0D, bytes[index + 1] == 0x0A, bytes[index + 2] == 0x0D, bytes[index + 3] == 0x0A { return index }
            index += 1
        }
        throw .malformed
    }

    /// The first index of `needle` at or after `start`. `memchr` finds each candidate's first
    /// byte; the needle is at most 74 bytes, so the search stays linear in the body's size.
    static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let first = needle.first, start <= bytes.count, let base = bytes.baseAddress else { return nil }
        var index = start
        while bytes.count - index >= needle.count {
            guard let hit = memchr(base + index, Int32(first), bytes.count - index - needle.count + 1) else { return nil }
            let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + position, needle, needle.count) == 0 { return position }
            index = position + 1
        }
        return nil
    }
}

/// The headers of one part that matter: the field's name, and for a file its name and type.
private struct PartHeader {
    let name: String
    let filename: String?
    let contentType: String?

    init(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) throws(MultipartForm.Refusal) {
        var name: String?
        var filename: String?
        var contentType: String?
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "content-disposition":
                let parameters = Self.parameters(value)
                guard parameters.first?.key.lowercased() == "form-data" else { throw .malformed }
                name = parameters.first { $0.key.lowercased() == "name" }?.value
                filename = parameters.first { $0.key.lowercased() == "filename" }?.value
            case "content-type":
                contentType = value
            default:
                break
            }
        }
        guard let name, !name.isEmpty else { throw .malformed }
        self.name = name
        self.filename = filename
        self.contentType = contentType
    }

    /// `form-data; name="a"; filename="b.jpg"` as (key, value) pairs, the first one valueless.
    /// Quoted values may hold `;` and backslash escapes (RFC 7230 quoted-string).
    static func parameters(_ value: String) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        var current = "", key: String?, quoted = false, escaped = false
        func finish() {
            let trimmed = current.trimmingCharacters(in: .whitespaces)
            if let key { result.append((key, trimmed)) } else if !trimmed.isEmpty { result.append((trimmed, "")) }
            current = ""
            key = nil
        }
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
            } else if quoted {
                if character == "\\" { escaped = true } else if character == "\"" { quoted = false } else { current.append(character) }
            } else if character == "\"" {
                quoted = true
            } else if character == ";" {
                finish()
            } else if character == "=", key == nil {
                key = current.trimmingCharacters(in: .whitespaces)
                current = ""
            } else {
                current.append(character)
            }
        }
        finish()
        return result
    }
}
