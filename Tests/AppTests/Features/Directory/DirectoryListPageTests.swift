@testable import App
import Foundation
import Testing
import Vapor

/// The directory as a list page: results before the filters, the filters behind a disclosure
/// that counts the active ones, and a bad page link answered in words.
@Suite("Member directory as a list page")
struct DirectoryListPageTests {
    func page(_ app: Application, _ path: String, headers: HTTPHeaders = [:]) async throws -> (HTTPStatus, String) {
        var answer: (HTTPStatus, String)?
        try await app.testing().test(.GET, path, headers: headers) { res async throws in
            answer = (res.status, res.body.string)
        }
        return try #require(answer)
    }

    @Test func resultsComeBeforeTheFiltersWhichSayHowManyAreActive() async throws {
        try await withApp { app async throws in
            try await makeMemberWithProfile(app, email: "a@example.org", name: "Awa", origins: ["SN"], languages: ["fr", "wo"], skills: ["nursing"])
            try await makeMemberWithProfile(app, email: "b@example.org", name: "Bineta", origins: ["SN", "ML"], languages: ["fr"], skills: ["nursing"])

            let (status, body) = try await page(app, "/members?origin=SN&origin=ML&skill=nursing&q=awa")
            #expect(status == .ok)
            #expect(body.contains(#"<details class="list-filters">"#))
            #expect(body.contains(#"<summary id="list-filters-toggle">Filters (3 active)</summary>"#))
            let search = try #require(body.range(of: #"<form method="get" action="/members""#))
            let firstResult = try #require(body.range(of: #"class="card member-card""#))
            let filters = try #require(body.range(of: #"<details class="list-filters">"#))
            let firstCheckbox = try #require(body.range(of: #"type="checkbox""#))
            #expect(search.lowerBound < firstResult.lowerBound)
            #expect(firstResult.lowerBound < filters.lowerBound)
            #expect(filters.lowerBound < firstCheckbox.lowerBound)
            // The checkboxes sit after the results yet belong to the search form.
            #expect(body.contains(#"form="list-search" name="origin" value="SN" checked"#))
            #expect(body.contains(#"<input type="search" id="f-q" name="q" value="awa" maxlength="200">"#))
            // How the results are ordered is said above them.
            #expect(body.contains("Ordered by how well they match your words"))

            let (_, unfiltered) = try await page(app, "/members?q=awa")
            #expect(unfiltered.contains(#"<summary id="list-filters-toggle">Filters</summary>"#))
            let (_, french) = try await page(app, "/members?skill=nursing", headers: ["Accept-Language": "fr"])
            #expect(french.contains(">Filtres (1 actif)</summary>"))
            let (_, spanish) = try await page(app, "/members?skill=nursing&origin=SN", headers: ["Accept-Language": "es"])
            #expect(spanish.contains(">Filtros (2 activos)</summary>"))
        }
    }

    @Test func aBadPageLinkIsAnsweredClearlyNeverWithAnError() async throws {
        try await withApp { app async throws in
            try await makeMemberWithProfile(app, email: "a@example.org", name: "Awa", skills: ["nursing"])
            let forged = ["nonsense", Data("p:-1".utf8).base64URLEncodedString(), Data("o:99999".utf8).base64URLEncodedString(),
                          Data("o:1'; DROP TABLE members".utf8).base64URLEncodedString(), String(repeating: "A", count: 500)]
            for cursor in forged {
                // The page keeps old shared links working: the first page, saying the link was out of date.
                let (status, body) = try await page(app, "/members?skill=nursing&cursor=\(cursor)")
                #expect(status == .ok, "\(cursor)")
                #expect(body.contains(#"<p class="flash warn" role="status">This page link is out of date. Start the search again.</p>"#), "\(cursor)")
                #expect(body.contains("Awa"), "\(cursor)")
                // The API refuses it, naming the parameter, in words.
                try await app.testing().test(.GET, "/api/v1/members?cursor=\(cursor)") { res async throws in
                    #expect(res.status == .unprocessableEntity, "\(cursor)")
                    #expect(try problemFields(res) == ["cursor"])
                    #expect(res.body.string.contains("This page link is out of date. Start the search again."))
                }
            }
            // A cursor the list did hand out is no notice, even past the end.
            let (status, body) = try await page(app, "/members?cursor=" + DirectoryCursor.after(1).encoded)
            #expect(status == .ok)
            #expect(!body.contains("flash warn"))
        }
    }
}
