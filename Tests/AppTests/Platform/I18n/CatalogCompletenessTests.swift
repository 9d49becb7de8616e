@testable import App
import Foundation
import Testing

@Suite("Catalogs and templates")
struct CatalogCompletenessTests {
    let catalogs: Catalogs
    let localesDirectory = repositoryRoot + "/Resources/Locales"
    let viewsDirectory = repositoryRoot + "/Resources/Views"

    init() throws {
        catalogs = try Catalogs.load(from: localesDirectory)
    }

    @Test func everyLanguageHasTheSameKeys() {
        let english = catalogs.keys(for: .en)
        #expect(english.count > 10)
        for locale in AppLocale.allCases {
            let keys = catalogs.keys(for: locale)
            #expect(english.subtracting(keys).sorted() == [], "missing in \(locale.rawValue).json")
            #expect(keys.subtracting(english).sorted() == [], "only in \(locale.rawValue).json")
        }
    }

    @Test func noStringIsEmptyAndPlaceholdersMatchEnglish() {
        for key in catalogs.keys(for: .en) {
            let englishPlaceholders = Self.placeholders(catalogs.text(key, locale: .en))
            for locale in AppLocale.allCases {
                let text = catalogs.text(key, locale: locale)
                #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty, "\(locale.rawValue): \(key) is empty")
                #expect(Self.placeholders(text) == englishPlaceholders, "\(locale.rawValue): \(key) has other placeholders")
            }
        }
    }

    @Test func everyKeyUsedInTemplatesExists() throws {
        let known = catalogs.keys(for: .en)
        let pattern = try NSRegularExpression(pattern: #"#t\("([^"]+)""#)
        for (path, template) in try templates() {
            for match in pattern.matches(in: template, range: NSRange(template.startIndex..., in: template)) {
                let key = String(template[Range(match.range(at: 1), in: template)!])
                #expect(known.contains(key), "\(path) uses unknown key \(key)")
            }
        }
    }

    @Test func everyKeyBuiltInCodeExists() {
        let known = catalogs.keys(for: .en)
        var keys = SiteSection.allCases.map(\.labelKey) + ["nav.soon", "error.home", "error.reference"]
        keys += HomePage.offers.flatMap { [$0.titleKey, $0.textKey] }
        keys += ErrorPage.describedStatuses.flatMap { ["error.\($0).title", "error.\($0).message"] }
        for key in keys {
            #expect(known.contains(key), "code uses unknown key \(key)")
        }
    }

    @Test func templatesHoldNoTextOutsideTheCatalog() throws {
        let found = try templates()
        #expect(found.count >= 3)
        for (path, template) in found {
            #expect(TemplateTextScanner.literalText(in: template) == [], "\(path) has text that is not from the catalog")
        }
    }

    @Test func theScannerCatchesLiteralText() {
        #expect(TemplateTextScanner.literalText(in: "<p>Welcome #(name)</p>") == ["Welcome"])
        #expect(TemplateTextScanner.literalText(in: ##"<img alt="Logo" src="#(src)">"##) == [##"alt="Logo""##])
        #expect(TemplateTextScanner.literalText(in: ##"<p title="#t("a.b")">#t("c.d", "n", x)</p> &middot; #if(x):<b>#(y)</b>#endif"##) == [])
        #expect(TemplateTextScanner.literalText(in: ##"<script src="#(js)"></script><meta name="viewport" content="width=device-width">"##) == [])
    }

    @Test func placeholdersAreFilledAndUnknownOnesKept() {
        #expect(Catalogs.fill("Hello {name}, {missing}", ["name": "Awa"]) == "Hello Awa, {missing}")
        #expect(Catalogs.fill("unclosed {brace", ["brace": "x"]) == "unclosed {brace")
    }

    private func templates() throws -> [(String, String)] {
        let enumerator = FileManager.default.enumerator(atPath: viewsDirectory)
        var found: [(String, String)] = []
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".leaf") else { continue }
            found.append((relative, try String(contentsOfFile: viewsDirectory + "/" + relative, encoding: .utf8)))
        }
        return found
    }

    private static func placeholders(_ text: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: "\\{([a-zA-Z_]+)\\}")
        return Set(pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        })
    }
}
