@testable import App
import Foundation
import Testing

/// The house style the translations keep: French typography, Spanish in usted, wording that
/// does not assume the reader's gender, and numbers written as each language writes them.
@Suite("Translation style")
struct TranslationStyleTests {
    let catalogs: Catalogs

    init() throws {
        catalogs = try Catalogs.load(from: repositoryRoot + "/Resources/Locales")
    }

    static let noBreakSpaces: Set<Character> = ["\u{00A0}", "\u{202F}"]

    /// Where French puts a no-break space: before `: ; ! ?` and `%`, inside `« »`.
    static func frenchSpacingProblems(_ text: String) -> [String] {
        let characters = Array(text)
        var problems: [String] = []
        for (index, character) in characters.enumerated() {
            let before = index > 0 ? characters[index - 1] : nil
            let after = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case ":" where after == "/" && index + 2 < characters.count && characters[index + 2] == "/":
                continue
            case ":", ";", "!", "?", "»", "%":
                if let before, !noBreakSpaces.contains(before) { problems.append("no no-break space before \(character)") }
            case "«":
                if let after, !noBreakSpaces.contains(after) { problems.append("no no-break space after «") }
            default:
                continue
            }
        }
        return problems
    }

    @Test func frenchHasItsNoBreakSpaces() {
        for key in catalogs.keys(for: .fr).sorted() {
            let text = catalogs.text(key, locale: .fr)
            #expect(Self.frenchSpacingProblems(text) == [], "fr \(key): \(text)")
        }
    }

    @Test func theSpacingCheckCatchesOrdinarySpaces() {
        #expect(Self.frenchSpacingProblems("Déjà membre ? Connectez-vous") == ["no no-break space before ?"])
        #expect(Self.frenchSpacingProblems("« {name} »") == ["no no-break space after «", "no no-break space before »"])
        #expect(Self.frenchSpacingProblems("Complet à {percent} %") == ["no no-break space before %"])
        #expect(Self.frenchSpacingProblems("https:// ou http://, voici\u{00A0}: «\u{00A0}x\u{00A0}» !") == ["no no-break space before !"])
    }

    /// Every Spanish string addresses the reader as usted, in words understood on both sides
    /// of the Atlantic. (Third-person verbs look like tú's imperatives, so only unambiguous
    /// forms are listed.)
    @Test func spanishUsesUstedAndNeutralWords() throws {
        let tuteo = try NSRegularExpression(pattern: #"\b(tú|tu|tus|ti|te|contigo|puedes|tienes|quieres|eres|estás|hablas|vives|elige|quita)\b"#, options: [.caseInsensitive])
        let regional = ["Introduzca", "Pulse", "portátil", "ordenador", "caducad", "¡Bienvenid"]
        for key in catalogs.keys(for: .es).sorted() {
            let text = catalogs.text(key, locale: .es)
            let range = NSRange(text.startIndex..., in: text)
            #expect(tuteo.firstMatch(in: text, range: range) == nil, "es \(key) speaks as tú: \(text)")
            for word in regional {
                #expect(!text.localizedCaseInsensitiveContains(word), "es \(key) uses \(word): \(text)")
            }
        }
    }

    /// No point médian, no "(e)": a turn of phrase that fits everyone instead.
    @Test func noLanguageMarksGenderWithPunctuation() {
        for locale in AppLocale.allCases {
            for key in catalogs.keys(for: locale).sorted() {
                let text = catalogs.text(key, locale: locale)
                #expect(!text.contains("·") && !text.contains("(e)") && !text.contains("(a)"), "\(locale.rawValue) \(key): \(text)")
            }
        }
    }

    @Test func numbersAreWrittenAsEachLanguageWritesThem() {
        #expect(LocalizedNumber.format(4096, locale: .en) == "4,096")
        #expect(LocalizedNumber.format(4096, locale: .fr) == "4\u{202F}096")
        #expect(LocalizedNumber.format(4096, locale: .es) == "4096")
        #expect(LocalizedNumber.format(12, locale: .fr) == "12")
        let french = catalogs.text("photo.error.dimensions", locale: .fr, arguments: PhotoRejection.limits)
        #expect(french.contains("4\u{202F}096 × 4\u{202F}096"), "\(french)")
        let members = Catalogs.fill("{name} {max}", ["name": "4096", "max": "4096"])
        #expect(members == "4096 4096", "fill alone changes nothing")
        let named = Catalogs(strings: [.fr: ["k": "{name} / {max}"]]).text("k", locale: .fr, arguments: ["name": "4096", "max": "4096"])
        #expect(named == "4096 / 4\u{202F}096", "text a member wrote is never reformatted")
    }
}
