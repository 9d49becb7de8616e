import Foundation

/// Where a list's next page starts, as every list hands it out and reads it back: opaque to
/// clients (base64url of a short plain form), bounded in length, and validated on the way in, so a
/// cursor that was edited, truncated or made up is refused by name (`ListParameters`) and never
/// reaches a query. Each list says what a position is (`plainText`); this says how it travels.
protocol ListCursor: Sendable, Equatable {
    /// The position as plain text (`p:123`); `nil` from `init(plainText:)` when it is not one
    /// this list could have handed out.
    var plainText: String { get }
    init?(plainText: String)
}

extension ListCursor {
    /// Longer than any cursor a list writes: anything longer was not written by one.
    static var maximumEncodedLength: Int { 64 }

    init?(encoded: String) {
        guard encoded.utf8.count <= Self.maximumEncodedLength, let data = Data(base64URLEncoded: encoded),
              let text = String(data: data, encoding: .utf8) else { return nil }
        self.init(plainText: text)
    }

    var encoded: String {
        Data(plainText.utf8).base64URLEncodedString()
    }
}
