@testable import App
import Foundation
import Testing

@Suite("Catalogs and templates")
struct CatalogCompletenessTests {
    let catalogs: Catalogs
    let localesDirectory = repositoryRoot + "/Resources/Locales"
    let viewsDirectory = repositoryRoot + "/Resources/Views"
    var sourceFolders: [String] { [repositoryRoot + "/Sources/App", viewsDirectory] }

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

    /// The families code builds by interpolation, spelled out so each member is checked.
    @Test func everyKeyBuiltInCodeExists() {
        let known = catalogs.keys(for: .en)
        var keys = SiteSection.allCases.map(\.labelKey) + ["nav.soon", "error.home", "error.reference"]
        keys += HomePage.offers.flatMap { [$0.titleKey, $0.textKey] }
        keys += ErrorPage.describedStatuses.flatMap { ["error.\($0).title", "error.\($0).message"] }
        keys += ProfileTagKind.allCases.map { "directory.facet.\($0.rawValue)" }
        keys += ProfileVisibility.allCases.flatMap { ["profile.visibility.\($0.rawValue)", "profile.show.visibility.\($0.rawValue)"] }
        keys += ProfileDetails.Part.allCases.map { "profile.part.\($0.rawValue)" }
        keys += ProviderSignInService.Refusal.allCases.map { "providerSignIn.refused.\($0.rawValue)" }
        keys += ["terms", "privacy"].flatMap { kind in ["legal.\(kind).title"] + (1...LegalPagesController.paragraphCount).map { "legal.\(kind).p\($0)" } }
        keys += ["verify", "confirmEmail"].flatMap { prefix in ["title", "heading", "confirm", "submit"].map { "\(prefix).\($0)" } }
        keys += ["verify", "reset", "change", "passwordChanged", "emailChanged", "joinAttempt"].flatMap { kind in
            ["subject", "intro", "action", "outro"].map { "mail.\(kind).\($0)" }
        }
        for key in keys {
            #expect(known.contains(key), "code uses unknown key \(key)")
        }
    }

    /// Every key-shaped literal in Swift and Leaf whose first word is a catalog's (`profile.`,
    /// `error.`…) is a key, and every family built by interpolation has at least one member.
    @Test func everyKeyNamedInSourcesExists() throws {
        let known = catalogs.keys(for: .en)
        let namespaces = Set(known.map { String($0.prefix { $0 != "." }) })
        let found = try SourceKeyScanner.scan(folders: sourceFolders)
        #expect(found.keys.count > 150)
        for (key, place) in found.keys where namespaces.contains(String(key.prefix { $0 != "." })) {
            // A counted phrase named by its stem (a notification kind's `textKey`) is its `.one`/`.other` pair.
            let isPluralStem = known.contains(key + ".one") && known.contains(key + ".other")
            #expect(known.contains(key) || isPluralStem, "\(place) names the unknown key \(key)")
        }
        for (pattern, place) in found.families {
            let expression = try NSRegularExpression(pattern: pattern)
            let namespace = pattern.dropFirst().prefix { $0.isLetter }
            guard namespaces.contains(String(namespace)), pattern.dropFirst(namespace.count + 1).hasPrefix("\\.") else { continue }
            #expect(known.contains { expression.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil },
                    "\(place) builds keys \(pattern) and the catalog has none")
        }
    }

    /// A key no source names is dead text that translators would keep paying for.
    @Test func everyKeyIsNamedSomewhere() throws {
        let found = try SourceKeyScanner.scan(folders: sourceFolders)
        let families = try found.families.keys.map { try NSRegularExpression(pattern: $0) }
        for key in catalogs.keys(for: .en).sorted() where found.keys[key] == nil {
            if let stem = Self.pluralStem(key), found.keys[stem] != nil { continue }
            let built = families.contains { $0.firstMatch(in: key, range: NSRange(key.startIndex..., in: key)) != nil }
            #expect(built, "\(key) is in the catalog but no Swift or Leaf file names it")
        }
    }

    /// `a.b` for `a.b.one` and `a.b.other`.
    static func pluralStem(_ key: String) -> String? {
        for suffix in [".one", ".other"] where key.hasSuffix(suffix) { return String(key.dropLast(suffix.count)) }
        return nil
    }

    @Test func theKeyScannerReadsLiteralsAndFamilies() {
        var found = SourceKeyScanner.Found()
        SourceKeyScanner.scan(#"""
            let a = req.t("profile.error.country", ["max": "\(limit ?? "x")"]) // "not.akey"
            // t("comment.key")
            let b = "mail.\(kind).\(part)", c = "\(prefix).title", d = "https://example.org", e = "a b.c"
                static let kind = "profile.word-count"
            """#, place: "x.swift", into: &found)
        #expect(found.keys.keys.sorted() == ["profile.error.country"])
        #expect(found.families.keys.sorted() == [#"^[A-Za-z0-9_-]+\.title$"#, #"^mail\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"#])
        var template = SourceKeyScanner.Found()
        SourceKeyScanner.scanTemplate(##"<a title="#t("home.lead")" href="/css/site.css">#t("nav.soon", "n", x)</a>"##, place: "x.leaf", into: &template)
        #expect(template.keys.keys.sorted() == ["home.lead", "nav.soon"])
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
