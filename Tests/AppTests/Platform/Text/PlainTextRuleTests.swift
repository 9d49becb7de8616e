@testable import App
import Foundation
import Testing
import Vapor

@Suite("One rule for typed text")
struct PlainTextRuleTests {
    let name = PlainTextRule(maxCharacters: 80)
    let bio = PlainTextRule(maxCharacters: 2000, allowsLineBreaks: true)

    @Test func oneLetterUnderTwoThousandAccentsIsRefused() {
        let zalgo = "Z" + String(repeating: "\u{0301}", count: 2000)
        #expect(zalgo.count == 1, "one character as Swift (and a reader) counts it")
        #expect(name.check(zalgo) == .failure(.tooLong), "more code points than the cap")
        // NFC makes Z + ◌́ one letter (Ź); five more marks stay marks.
        #expect(name.check("Z" + String(repeating: "\u{0301}", count: 6)) == .failure(.characters), "five marks on one letter")
        #expect(name.check("Q" + String(repeating: "\u{0301}", count: 5)) == .failure(.characters))
        #expect(name.check("Za\u{0301}\u{0302}\u{0303}\u{0304}b") == .success("Za\u{0301}\u{0302}\u{0303}\u{0304}b"))
    }

    @Test(arguments: [
        "Nguyễn Thị Minh Khai", "Nguye\u{0302}\u{0303}n", "محمد عبد الله", "می‌خواهم", "क्षत्रिय", "བསྒྲུབས", "שָׁלוֹם",
        "Ама Сісоко", "👩‍👩‍👧‍👦 Family", "❤️ 1️⃣", "🇸🇳 Dakar", "Zoë", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} Glasgow",
        "🧑\u{1F3FB}\u{200D}\u{2764}\u{FE0F}\u{200D}\u{1F48B}\u{200D}\u{1F9D1}\u{1F3FC}", "ᠰᠠᠢᠨ\u{180B}",
    ])
    func realWritingIsAccepted(text: String) {
        #expect((try? name.check(text).get()) != nil, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test(arguments: [
        "Amina\u{202E}nimA", "Am\u{200B}ina", "Amina\u{2066}", "\u{3164}", "A\u{115F}", "Tab\there", "Line\nbreak",
        "Bell\u{7}", "Soft\u{AD}hyphen", "Tag\u{E0041}", "Sepa\u{2028}rator", "BOM\u{FEFF}", "\u{FFFF}",
        "Am\u{200C}ina", "Am\u{200D}ina", "A" + String(repeating: "\u{200D}", count: 300), "می\u{200C}\u{200C}خواهم", "\u{200D}👍",
        "e" + String(repeating: "\u{FE0F}", count: 5),
    ])
    func invisibleReorderingAndControlCharactersAreRefused(text: String) {
        #expect(name.check(text) == .failure(.characters), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func limitsCountCharactersAsAReaderSeesThem() {
        #expect((try? name.check(String(repeating: "é", count: 80)).get()) != nil)
        #expect((try? name.check(String(repeating: "e\u{0301}", count: 80)).get()) != nil, "decomposed, still 80 characters")
        #expect(name.check(String(repeating: "é", count: 81)) == .failure(.tooLong))
        #expect((try? name.check(String(repeating: "🇸🇳", count: 80)).get()) != nil)
    }

    @Test func textIsKeptTrimmedInNFCWithLineBreaksOnlyWhereAllowed() {
        #expect(name.check("  Zoe\u{0308}  ") == .success("Zoë"))
        #expect(bio.check("One\r\ntwo\rthree\n") == .success("One\ntwo\nthree"))
        #expect(name.check("One\ntwo") == .failure(.characters))
    }

    @Test func theProfileAndAccountFieldsUseIt() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let headers = try await bearer(app, for: member)
            let zalgo = "Z" + String(repeating: "\u{0301}", count: 2000)
            let inputs: [(String, ProfileInput)] = [
                ("displayName", ProfileInput(displayName: zalgo, countriesOfOrigin: ["SN"])),
                ("headline", ProfileInput(headline: zalgo, countriesOfOrigin: ["SN"])),
                ("city", ProfileInput(city: zalgo, countriesOfOrigin: ["SN"])),
                ("bio", ProfileInput(bio: "Hello " + zalgo, countriesOfOrigin: ["SN"])),
            ]
            for (field, input) in inputs {
                try await app.testing().test(.PATCH, "/api/v1/me/profile", headers: headers, beforeRequest: { req async throws in
                    try req.content.encode(input, as: .json)
                }) { res async throws in
                    #expect(res.status == .unprocessableEntity, "\(field)")
                    #expect(try problemFields(res) == [field])
                }
            }
            try await app.testing().test(.POST, "/api/v1/tokens", headers: headers, beforeRequest: { req async throws in
                try req.content.encode(["name": "laptop\u{202E}"], as: .json)
            }) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["name"])
            }
            var browser = Browser()
            // Small enough for the form's body limit, and still one letter with 400 accents.
            let pageZalgo = "Z" + String(repeating: "\u{0301}", count: 400)
            try await submit(app, "/join", ["email": "z@example.org", "displayName": pageZalgo, "password": goodPassword, "consent": "1"], as: &browser) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains(#"id="f-displayName-error""#))
            }
        }
    }
}

@Suite("Links cannot be disguised")
struct WebLinkTests {
    @Test(arguments: [
        ("münchen", "mnchen-3ya"), ("bücher", "bcher-kva"), ("аpple", "pple-43d"),
        ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"), ("пример", "e1afmkfd"),
    ])
    func punycodeFollowsRFC3492(label: String, encoded: String) {
        #expect(Punycode.encode(label) == encoded)
    }

    @Test func hostsAreShownInASCII() {
        #expect(Punycode.asciiHost("Аpple.Example") == "xn--pple-43d.example")
        #expect(WebLink.displayText("https://аpple.example/") == "xn--pple-43d.example")
        #expect(WebLink.displayText("https://münchen.de/rathaus?x=1", short: false) == "https://xn--mnchen-3ya.de/rathaus?x=1")
        #expect(WebLink.displayText("https://diaspora.example.org/") == "diaspora.example.org")
        #expect(WebLink.displayText("http://example.org:8080/a") == "example.org:8080/a")
        #expect(WebLink.displayText("https://a.example/\u{202E}fdp.exe") == "a.example/U+202Efdp.exe", "a link stored before the rule")
        #expect(Punycode.asciiHost("cafe\u{0301}.example") == Punycode.asciiHost("café.example"), "composed before encoding")
    }

    @Test(arguments: [
        "https://a.example/\u{202E}fdp.exe", "https://a.example/\u{200B}", "https://a\u{200D}.example/", "https://a.example/\u{2066}x",
        "https://user:pw@a.example/", "javascript:alert(1)", "ftp://a.example/", "https://a.example/ space", "https://",
    ])
    func disguisedOrForeignLinksAreRefused(link: String) {
        #expect(!WebLink.isAcceptable(link))
    }

    @Test func aRefusedValueQuotedInAMessageShowsWhatHidIn() {
        #expect(PlainTextRule.visible("https://a.example/\u{202E}fdp.exe", limit: 60) == "https://a.example/U+202Efdp.exe")
        #expect(PlainTextRule.visible("a\u{200B}b\nc d", limit: 60) == "aU+200BbU+000Ac d")
        #expect(PlainTextRule.visible("Zoë", limit: 2) == "Zo")
    }

    @Test func theProbesLinksAreRefusedOrShownForWhatTheyAre() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let headers = try await bearer(app, for: member)
            try await app.testing().test(.PATCH, "/api/v1/me/profile", headers: headers, beforeRequest: { req async throws in
                try req.content.encode(ProfileInput(countriesOfOrigin: ["SN"], links: ["https://a.example/\u{202E}fdp.exe"]), as: .json)
            }) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["links"])
                #expect(res.body.string.contains("U+202E"))
                #expect(!res.body.string.contains("\u{202E}") && !res.body.string.lowercased().contains("\\u202e"), "the override is not sent back")
            }
            try await app.testing().test(.PATCH, "/api/v1/me/profile", headers: headers, beforeRequest: { req async throws in
                try req.content.encode(ProfileInput(bio: "See https://аpple.example/login now", countriesOfOrigin: ["SN"], links: ["https://аpple.example/"], visibility: "public"), as: .json)
            }) { res async throws in
                #expect(res.status == .ok)
            }
            try await app.testing().test(.GET, "/members/\(try member.requireID().uuidString.lowercased())") { res async throws in
                #expect(res.status == .ok)
                let page = res.body.string
                #expect(page.contains(">xn--pple-43d.example</a>"), "the profile's link list")
                #expect(page.contains(">https://xn--pple-43d.example/login</a>"), "the bio's link")
                #expect(!page.contains(">аpple.example"), "never the look-alike as link text")
            }
        }
    }
}
