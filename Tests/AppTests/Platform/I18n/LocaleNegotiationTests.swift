@testable import App
import Testing

@Suite("Locale negotiation")
struct LocaleNegotiationTests {
    @Test func theCookieWinsOverTheBrowser() {
        #expect(LocaleNegotiation.locale(cookie: "es", acceptLanguage: "fr-FR,fr;q=0.9") == .es)
    }

    @Test func anUnknownCookieFallsBackToTheBrowser() {
        #expect(LocaleNegotiation.locale(cookie: "de", acceptLanguage: "fr") == .fr)
    }

    @Test(arguments: [
        ("fr-CA,fr;q=0.9,en;q=0.8", AppLocale.fr),
        ("de-DE,de;q=0.9,es;q=0.5,en;q=0.4", .es),
        ("en;q=0.3, es;q=0.7", .es),
        ("es;q=0, fr;q=0.1", .fr),
        ("*", .en),
        ("de, it", .en),
        ("ES_mx", .es),
        ("fr;q=abc, es", .es),
        ("", .en),
    ])
    func acceptLanguageFollowsQualityValues(header: String, expected: AppLocale) {
        #expect(LocaleNegotiation.locale(cookie: nil, acceptLanguage: header) == expected)
    }

    @Test func tiesGoToTheFirstListed() {
        #expect(LocaleNegotiation.locale(cookie: nil, acceptLanguage: "es;q=0.8, fr;q=0.8") == .es)
    }

    @Test func nothingMeansEnglish() {
        #expect(LocaleNegotiation.locale(cookie: nil, acceptLanguage: nil) == .en)
    }
}
