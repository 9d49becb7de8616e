@testable import App
import Foundation
import Testing

/// The small pieces: cursors that cannot be forged into a query, the text rule, the kinds' keys.
@Suite("Messaging: cursors, text and keys")
struct MessagingUnitTests {
    @Test func cursorsRoundTripAndRefuseAnythingElse() {
        let cursor = MessagingCursor(micros: 1_765_000_000_123_456, id: UUID())
        #expect(MessagingCursor(encoded: cursor.encoded) == cursor)
        #expect(cursor.encoded.utf8.count <= 64)
        for bogus in ["", "x", "abc.def", "zzzzzzzzzzzzzz.0123456789abcdef0123456789abcdef", "-1.0123456789abcdef0123456789abcdef",
                      "1.0123456789ABCDEF0123456789ABCDEF", "1.0123456789abcdef0123456789abcdeg", "1.2.3"] {
            #expect(MessagingCursor(plainText: bogus) == nil, "\(bogus)")
        }
    }

    @Test func theTextRuleKeepsLineBreaksAndTabsAndRefusesHiddenCharacters() throws {
        #expect(try MessageText.check("  a\tb\r\nc  ") == "a\tb\nc")
        #expect(throws: FormErrors.self) { try MessageText.check("a\u{202D}b") }
        #expect(throws: FormErrors.self) { try MessageText.check("a\u{0}b") }
        #expect(throws: FormErrors.self) { try MessageText.required(" \n ") }
        #expect(try MessageText.check(String(repeating: "👩🏽‍💻", count: MessagingLimits.body)).count == MessagingLimits.body)
        #expect(throws: FormErrors.self) { try MessageText.check(String(repeating: "a", count: MessagingLimits.body + 1)) }
    }

    @Test func everyKindsTextHasItsCountedForms() throws {
        let catalogs = try Catalogs.load(from: repositoryRoot + "/Resources/Locales")
        for kind in [MessagingNotices.message, MessagingNotices.request] {
            for key in [kind.labelKey, kind.textKey + ".one", kind.textKey + ".other"] {
                #expect(MessagingNotices.textKeys.contains(key) || key == kind.labelKey)
                #expect(catalogs.keys(for: .en).contains(key), "\(key)")
            }
        }
    }
}
