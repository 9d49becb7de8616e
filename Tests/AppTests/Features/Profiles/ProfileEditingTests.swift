@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Profile editing")
struct ProfileEditingTests {
    let completeForm: [String: String] = [
        "displayName": "Awa Ndiaye", "headline": "Nurse and trainer", "city": "Lyon", "countryOfResidence": "FR",
        "countriesOfOrigin": "SN", "languages": "wo", "expertise": "nursing", "interests": "good-health-and-well-being",
        "links": "https://example.org/awa", "visibility": "public", "openToContact": "1",
        "bio": "Hello <b>world</b>\nSee https://example.org/a.",
    ]

    @Test func savingTheFormStoresEveryFieldAndSaysSo() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            var browser = try await signedIn(app)
            try await submit(app, "/me/profile", completeForm, as: &browser) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/me/profile")
            }
            let saved = try await ProfileQueries.own(try member.principal(via: .apiToken(id: UUID())), on: app.db)
            #expect(saved.headline == "Nurse and trainer")
            #expect(saved.codes == ProfileCodes(origins: ["SN"], residence: "FR", languages: ["wo"], expertise: ["nursing"], interests: ["good-health-and-well-being"]))
            #expect(saved.links == ["https://example.org/awa"])
            #expect(saved.visibility == .public)
            #expect(saved.openToContact)
            try await app.testing().test(.GET, "/me/profile", headers: browser.headers) { res async throws in
                #expect(res.body.string.contains("Your profile is saved."))
                // Only the photo is missing.
                #expect(res.body.string.contains("88% complete"))
                #expect(res.body.string.contains("<li>a photo</li>"))
            }
        }
    }

    @Test func aFailedFormKeepsWhatWasTypedAndTiesEachErrorToItsField() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = try await signedIn(app)
            var form = completeForm
            form["headline"] = String(repeating: "h", count: 121)
            form["countryOfResidence"] = "XX"
            form["links"] = "javascript:alert(1)"
            form["city"] = "Lyon <script>"
            try await submit(app, "/me/profile", form, as: &browser) { res in
                #expect(res.status == .unprocessableEntity)
                let body = res.body.string
                #expect(body.contains(#"aria-describedby="f-headline-hint f-headline-error""#))
                #expect(body.contains(#"id="f-countryOfResidence-error""#))
                #expect(body.contains(#"id="f-links-error""#))
                #expect(body.contains("Lyon &lt;script&gt;"))
                #expect(body.contains("javascript:alert(1)"))
                #expect(!body.contains("<script>"))
            }
            #expect(try await MemberProfile.query(on: app.db).count() == 0)
        }
    }

    @Test func aFirstProfileNeedsACountryOfOrigin() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = try await signedIn(app)
            var form = completeForm
            form["countriesOfOrigin"] = nil
            try await submit(app, "/me/profile", form, as: &browser) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Choose at least one country of origin."))
            }
        }
    }

    @Test func theProfilePageShowsTextSafelyWithLinksAndNeverTheEmail() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            try await makeProfile(app, for: member, visibility: .public, headline: "<i>Nurse</i>",
                                  bio: "First line <script>alert(1)</script>\nSee https://example.org/a, or javascript:alert(2)\n\nSecond paragraph",
                                  links: ["https://example.org/awa/"])
            try await app.testing().test(.GET, "/members/\(try member.requireID())") { res async throws in
                let body = res.body.string
                #expect(res.status == .ok)
                #expect(body.contains("&lt;i&gt;Nurse&lt;/i&gt;"))
                #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(body.contains(#"<br>See <a href="https://example.org/a" rel="nofollow ugc noopener">https://example.org/a</a>, or javascript:alert(2)"#))
                #expect(body.contains("<p>Second paragraph</p>"))
                #expect(body.contains(#">example.org/awa</a>"#))
                #expect(!body.contains("amina@example.org"))
                #expect(body.contains("Sénégal") == false && body.contains("Senegal"))
            }
        }
    }

    @Test func theAPIPatchesOnlyTheFieldsSentAndNamesEachWrongOne() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            try await makeProfile(app, for: member, headline: "Before", city: "Lyon")
            let headers = try await bearer(app, for: member)
            try await app.testing().test(.PATCH, "/api/v1/me/profile", headers: headers, beforeRequest: { req async throws in
                try req.content.encode(ProfileInput(headline: "After", expertise: ["nursing", "nursing"], openToContact: true), as: .json)
            }) { res async throws in
                #expect(res.status == .ok)
                let body = try res.content.decode(ProfilesAPI.ProfileBody.self)
                #expect(body.headline == "After")
                #expect(body.city == "Lyon")
                #expect(body.expertise == ["nursing"])
                #expect(body.openToContact)
            }
            try await app.testing().test(.PATCH, "/api/v1/me/profile", headers: headers, beforeRequest: { req async throws in
                try req.content.encode(ProfileInput(countryOfResidence: "XX", countriesOfOrigin: ["SN", "ZZ"], languages: ["xx"], links: ["ftp://example.org"], visibility: "everyone"), as: .json)
            }) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.headers.contentType?.subType == "problem+json")
                let fields = Set(try problemFields(res))
                #expect(fields == ["countryOfResidence", "countriesOfOrigin", "languages", "links", "visibility"])
            }
            try await app.testing().test(.GET, "/api/v1/me/profile", headers: headers) { res async throws in
                #expect(try res.content.decode(ProfilesAPI.ProfileBody.self).headline == "After")
            }
        }
    }

    @Test func aNullFieldIsRefusedByName() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            try await makeProfile(app, for: member, openToContact: true)
            let headers = try await bearer(app, for: member).adding(contentType: "application/json")
            try await app.testing().test(.PATCH, "/api/v1/me/profile", headers: headers, body: ByteBuffer(string: #"{"headline": "x", "openToContact": null}"#)) { res async throws in
                #expect(res.status == .badRequest)
                #expect(try problemFields(res) == ["openToContact"])
            }
            #expect(try await MemberProfile.find(try member.requireID(), on: app.db)?.openToContact == true)
        }
    }

    @Test func tooManyValuesAreRefused() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let headers = try await bearer(app, for: member)
            let skills = Array(app.referenceData.skills.entries.prefix(21).map(\.code))
            try await app.testing().test(.PATCH, "/api/v1/me/profile", headers: headers, beforeRequest: { req async throws in
                try req.content.encode(ProfileInput(countriesOfOrigin: ["SN", "ML", "GN", "CI", "BF", "NE"], expertise: skills,
                                                    links: (1...6).map { "https://example.org/\($0)" }), as: .json)
            }) { res async throws in
                #expect(res.status == .unprocessableEntity)
                let fields = Set(try problemFields(res))
                #expect(fields == ["countriesOfOrigin", "expertise", "links"])
            }
        }
    }
}
