@testable import App
import Testing
import Vapor

/// Visitors share directory pages for a few seconds; members, other languages and pages with a
/// message waiting never get someone else's page.
@Suite("Page cache")
struct PageCacheTests {
    @Test func visitorsShareAPageForAFewSecondsAndMembersGetItFresh() async throws {
        try await withApp { app async throws in
            // Long enough that a slow machine cannot let the page expire mid-test.
            app.pageCache = PageCache(lifetime: 600)
            _ = try await makeMemberWithProfile(app, email: "awa@example.org", name: "Awa Ndiaye")
            try await app.testing().test(.GET, "/members") { res async throws in
                #expect(res.body.string.contains("Awa Ndiaye"))
            }
            _ = try await makeMemberWithProfile(app, email: "binta@example.org", name: "Binta Diallo")
            try await app.testing().test(.GET, "/members") { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.contentType == .html)
                #expect(!res.body.string.contains("Binta Diallo"), "the kept page")
            }
            // Another address, another language: rendered for it.
            try await app.testing().test(.GET, "/members?origin=SN") { res async throws in
                #expect(res.body.string.contains("Binta Diallo"))
            }
            try await app.testing().test(.GET, "/members", headers: .acceptLanguage("fr")) { res async throws in
                #expect(res.body.string.contains("Binta Diallo"))
                #expect(res.htmlLang == "fr")
            }
            // A member always gets a fresh page.
            let browser = try await signedIn(app, email: "awa@example.org")
            try await app.testing().test(.GET, "/members", headers: browser.headers) { res async throws in
                #expect(res.body.string.contains("Binta Diallo"))
            }
        }
    }

    @Test func aPageWithAMessageWaitingIsNeverShared() async throws {
        try await withApp { app async throws in
            app.pageCache = PageCache(lifetime: 600)
            _ = try await makeMemberWithProfile(app, email: "awa@example.org", name: "Awa Ndiaye")
            try await app.testing().test(.GET, "/members") { _ async throws in }
            _ = try await makeMemberWithProfile(app, email: "binta@example.org", name: "Binta Diallo")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .cookie, value: "od_flash=flash.profileSaved")
            try await app.testing().test(.GET, "/members", headers: headers) { res async throws in
                #expect(res.body.string.contains("Binta Diallo"))
            }
        }
    }

    @Test func aKeptPageExpires() async throws {
        try await withApp { app async throws in
            let clock = ManualClock()
            app.clock = clock
            app.pageCache = PageCache(lifetime: 5)
            _ = try await makeMemberWithProfile(app, email: "awa@example.org", name: "Awa Ndiaye")
            try await app.testing().test(.GET, "/members") { _ async throws in }
            _ = try await makeMemberWithProfile(app, email: "binta@example.org", name: "Binta Diallo")
            try await app.testing().test(.GET, "/members") { res async throws in
                #expect(!res.body.string.contains("Binta Diallo"), "still the kept page within its lifetime")
            }
            clock.advance(by: 6)
            try await app.testing().test(.GET, "/members") { res async throws in
                #expect(res.body.string.contains("Binta Diallo"))
            }
        }
    }
}
