import NIOCore

/// The fields of an `application/x-www-form-urlencoded` body or a query string, read in one
/// pass: enough to count them and to find one (the CSRF token) before anything decodes the whole
/// form into nested containers.
public struct URLEncodedFields: Sendable {
    public let fields: [(name: String, value: String)]

    public enum Refusal: Error, Equatable {
        case tooManyFields
    }

    /// Splits at `&`; `+` is a space and `%XX` a byte, as HTML forms encode them. Empty pieces
    /// (`a=1&&b=2`) are not fields. Stops counting at `maxFields + 1`.
    public init(parsing text: Substring, maxFields: Int) throws(Refusal) {
        var fields: [(name: String, value: String)] = []
        for piece in text.split(separator: "&", omittingEmptySubsequences: true) {
            guard fields.count < maxFields else { throw .tooManyFields }
            if let equals = piece.firstIndex(of: "=") {
                fields.append((Self.decode(piece[..<equals]), Self.decode(piece[piece.index(after: equals)...])))
            } else {
                fields.append((Self.decode(piece), ""))
            }
        }
        self.fields = fields
    }

    public init(parsing body: ByteBuffer, maxFields: Int) throws(Refusal) {
        try self.init(parsing: Substring(String(decoding: body.readableBytesView, as: UTF8.self)), maxFields: maxFields)
    }

    public func value(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Percent-decoding that never fails: a malformed escape stays as typed.
    static func decode(_ text: Substring) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                      let high = hexValue(iterator[iterator.startIndex]), let low = hexValue(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
