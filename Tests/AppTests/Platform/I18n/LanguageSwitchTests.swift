@testable import App
import Testing
import Vapor

@Suite("Language switcher")
struct LanguageSwitchTests {
    @Test func switchingStoresTheChoiceAndReturns() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/language/es?return=/%3Fpage%3D2") { res async throws in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/?page=2")
                let cookie = res.headers.setCookie?["lang"]
                #expect(cookie?.string == "es")
                #expect(cookie?.isHTTPOnly == true)
                #expect(cookie?.sameSite == .lax)
                #expect(cookie?.path == "/")
            }
        }
    }

    @Test func theCookieOverridesTheBrowser() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/", headers: ["Accept-Language": "fr", "Cookie": "lang=es"]) { res async throws in
                #expect(res.htmlLang == "es")
            }
        }
    }

    @Test(arguments: ["//evil.example/", "https://evil.example/", "/\\evil.example", "evil", "/\t/evil.example"])
    func neverRedirectsOffSite(target: String) async throws {
        try await withApp { app async throws in
            let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            try await app.testing().test(.GET, "/language/fr?return=\(encoded)") { res async throws in
                #expect(res.headers.first(name: .location) == "/")
            }
        }
    }

    @Test func anUnknownLanguageIsNotFound() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/language/de") { res async throws in
                #expect(res.status == .notFound)
                #expect(res.headers.setCookie?["lang"] == nil)
            }
        }
    }
}
