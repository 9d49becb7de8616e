@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// The directory's search index kept in step with what members do, and rebuilt whole.
@Suite("Directory search index")
struct DirectoryIndexTests {
    func names(_ app: Application, _ query: String = "") async throws -> [String] {
        try await DirectoryTests().search(app, query).items.map(\.displayName)
    }

    @Test func signingInAndTheHourlyTouchPutAMemberFirst() async throws {
        try await withApp { app async throws in
            _ = try await makeMemberWithProfile(app, email: "awa@example.org", name: "Awa Ndiaye")
            let binta = try await makeMemberWithProfile(app, email: "binta@example.org", name: "Binta Diallo")
            #expect(try await names(app) == ["Binta Diallo", "Awa Ndiaye"])
            // A real sign-in through the page.
            _ = try await signedIn(app, email: "awa@example.org")
            #expect(try await names(app) == ["Awa Ndiaye", "Binta Diallo"])
            #expect(try await names(app, "origin=SN&q=ndiaye") == ["Awa Ndiaye"])
            // Binta's token was last used over an hour ago: her next call counts as activity.
            let headers = try await bearer(app, for: binta)
            try await APIToken.query(on: app.db).set(\.$lastUsedAt, to: Date().addingTimeInterval(-7200)).update()
            try await app.testing().test(.GET, "/api/v1/me/profile", headers: headers) { res async throws in
                #expect(res.status == .ok)
            }
            #expect(try await names(app) == ["Binta Diallo", "Awa Ndiaye"])
        }
    }

    @Test func aFailingActivityObserverDoesNotStopASignIn() async throws {
        try await withApp { app async throws in
            struct Broken: Error {}
            app.memberActivity.observers.append { _, _ in throw Broken() }
            _ = try await makeMemberWithProfile(app, email: "awa@example.org", name: "Awa Ndiaye")
            let browser = try await signedIn(app, email: "awa@example.org")
            try await app.testing().test(.GET, "/me/profile", headers: browser.headers) { res async throws in
                #expect(res.status == .ok)
            }
        }
    }

    @Test func changingVisibilityOrBeingSuspendedTakesEffectAtOnce() async throws {
        try await withApp { app async throws in
            let awa = try await makeMemberWithProfile(app, email: "awa@example.org", name: "Awa Ndiaye")
            #expect(try await names(app) == ["Awa Ndiaye"])
            try await makeProfile(app, for: awa, visibility: .members)
            #expect(try await names(app).isEmpty, "visitors no longer see her")
            try await makeProfile(app, for: awa, visibility: .public)
            awa.suspendedAt = Date()
            try await awa.save(on: app.db)
            #expect(try await names(app).isEmpty, "suspended")
            awa.suspendedAt = nil
            try await awa.save(on: app.db)
            #expect(try await names(app) == ["Awa Ndiaye"])
        }
    }

    @Test func theRebuildMigrationIndexesEveryProfileInActivityOrder() async throws {
        try await withApp { app async throws in
            var members: [Member] = []
            for (index, name) in ["Awa Ndiaye", "Binta Diallo", "Chidi Okafor"].enumerated() {
                let member = try await makeMemberWithProfile(app, email: "m\(index)@example.org", name: name, origins: index == 2 ? ["NG"] : ["SN"], skills: ["nursing"])
                members.append(member)
            }
            // Binta was the most recently active, then Awa, then Chidi, whatever order they saved in.
            for (member, minutesAgo) in zip(members, [10.0, 5.0, 20.0]) {
                try await Member.query(on: app.db).filter(\.$id == member.requireID()).set(\.$lastActiveAt, to: Date().addingTimeInterval(-minutesAgo * 60)).update()
            }
            let migration = RebuildMemberSearchIndexWithKeywords(reference: app.referenceData)
            try await migration.revert(on: app.db)
            #expect(try await names(app).isEmpty, "the index was emptied")
            try await migration.prepare(on: app.db)
            #expect(try await names(app) == ["Binta Diallo", "Awa Ndiaye", "Chidi Okafor"])
            #expect(try await names(app, "origin=NG") == ["Chidi Okafor"])
            #expect(try await names(app, "q=nursing&origin=SN").sorted() == ["Awa Ndiaye", "Binta Diallo"])
        }
    }

    struct Card: Decodable {
        let displayName: String
        let countryOfResidence: String?
        let countriesOfOrigin: [String]
        let languages: [String]
        let expertise: [String]
        let interests: [String]
    }

    @Test func cardsShowEveryCodedValueInTheMembersOrder() async throws {
        try await withApp { app async throws in
            try await makeMemberWithProfile(app, email: "awa@example.org", name: "Awa Ndiaye", origins: ["ML", "SN"], residence: "FR",
                                            languages: ["wo", "fr", "en"], skills: ["public-health", "nursing"], interests: ["quality-education"])
            for query in ["", "q=awa", "origin=SN"] {
                try await app.testing().test(.GET, "/api/v1/members?\(query)") { res async throws in
                    struct Listing: Decodable { let items: [Card] }
                    let card = try #require(try res.content.decode(Listing.self).items.first)
                    #expect(card.countriesOfOrigin == ["ML", "SN"], "\(query)")
                    #expect(card.countryOfResidence == "FR")
                    #expect(card.languages == ["wo", "fr", "en"])
                    #expect(card.expertise == ["public-health", "nursing"])
                    #expect(card.interests == ["quality-education"])
                }
            }
        }
    }
}
