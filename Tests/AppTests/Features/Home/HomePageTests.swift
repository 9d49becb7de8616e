@testable import App
import Testing
import Vapor

@Suite("Home page")
struct HomePageTests {
    @Test(arguments: [("en-GB,en;q=0.9", "en"), ("fr-FR,fr;q=0.9,en;q=0.5", "fr"), ("es-419,es;q=0.9", "es")])
    func speaksTheBrowsersLanguage(header: String, lang: String) async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/", headers: .acceptLanguage(header)) { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.contentType == .html)
                #expect(res.htmlLang == lang)
                #expect(res.headers.first(name: .contentLanguage) == lang)
                #expect(res.headers.first(name: .vary) == "Accept-Language, Cookie")
                let locale = AppLocale(rawValue: lang)!
                #expect(res.h1 == htmlEscaped(try catalogText("home.heading", locale)))
                #expect(res.body.string.contains(htmlEscaped(try catalogText("home.offers.heading", locale))))
            }
        }
    }

    @Test func hasTheLayoutLandmarks() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/") { res async throws in
                let html = res.body.string
                #expect(html.hasPrefix("<!doctype html>"))
                #expect(html.contains(##"<a class="skip-link" href="#main">"##))
                #expect(html.contains(#"<main id="main""#))
                #expect(html.contains("<header") && html.contains("<footer") && html.contains("<nav"))
                #expect(html.components(separatedBy: "<h1").count == 2, "one h1 per page")
                // The stylesheet and script are linked with their content hash, and no script is inline.
                #expect(res.firstMatch(#"href="(/css/site\.css\?v=[0-9a-f]{12})""#) != nil)
                #expect(res.firstMatch(#"<script src="(/js/site\.js\?v=[0-9a-f]{12})" defer>"#) != nil)
                #expect(!html.contains("<script>"))
            }
        }
    }

    @Test func headerListsTheSectionsStillToCome() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/") { res async throws in
                for section in SiteSection.allCases {
                    #expect(res.body.string.contains(htmlEscaped(try catalogText(section.labelKey))))
                }
                // No link to a page that does not exist yet.
                #expect(!res.body.string.contains(#"href="/people""#))
            }
        }
    }

    @Test func languageLinksReturnToTheSamePage() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/?page=2", headers: .acceptLanguage("fr")) { res async throws in
                #expect(res.body.string.contains(#"href="/language/es?return=/?page%3D2""#))
                #expect(res.body.string.contains(#"lang="fr" hreflang="fr" aria-current="true">Français</a>"#))
            }
        }
    }
}
