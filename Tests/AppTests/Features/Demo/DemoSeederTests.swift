@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@Suite("Demo seeding")
struct DemoSeederTests {
    func seeded(_ count: Int, seed: UInt64) async throws -> [String] {
        var names: [String] = []
        try await withApp { app async throws in
            try await DemoSeeder(database: app.db, reference: app.referenceData).seed(members: count, seed: seed)
            names = try await Member.query(on: app.db).sort(\.$email).all().map { "\($0.id!) \($0.displayName)" }
        }
        return names
    }

    @Test func theSameSeedGivesTheSameMembers() async throws {
        let first = try await seeded(30, seed: 9)
        #expect(first.count == 30)
        #expect(try await seeded(30, seed: 9) == first)
        #expect(try await seeded(30, seed: 10) != first)
    }

    @Test func seededMembersAreCompleteProfilesTheDirectoryFinds() async throws {
        try await withApp { app async throws in
            var reported: [Int] = []
            try await DemoSeeder(database: app.db, reference: app.referenceData).seed(members: DemoSeeder.batchSize + 20, seed: 4) { reported.append($0) }
            #expect(reported == [DemoSeeder.batchSize, DemoSeeder.batchSize + 20])
            #expect(try await MemberProfile.query(on: app.db).count() == DemoSeeder.batchSize + 20)
            // Nobody can sign in as a demo member.
            #expect(try await Member.query(on: app.db).filter(\.$passwordHash != nil).count() == 0)
            let member = try #require(try await Member.query(on: app.db).sort(\.$email).first())
            let profile = try await ProfileQueries.own(try member.principal(via: .apiToken(id: UUID())), on: app.db)
            #expect(!profile.codes.origins.isEmpty)
            #expect(profile.codes.residence != nil)
            // Listed and searchable: by the first word of the name, and by origin.
            let viewer = try await makeMember(app, email: "viewer@example.org", name: "Viewer")
            let principal = try viewer.principal(via: .apiToken(id: UUID()))
            let word = String(member.displayName.split(separator: " ").first ?? "")
            let byName = try await DirectorySearch(database: app.db, viewer: principal).run(DirectoryQuery(text: word))
            let byOrigin = try await DirectorySearch(database: app.db, viewer: principal).run(DirectoryQuery(filters: [.origin: [profile.codes.origins[0]]]))
            if profile.visibility != .connections {
                #expect(byName.memberIDs.contains(try member.requireID()))
                #expect(!byOrigin.memberIDs.isEmpty)
            }
            await #expect(throws: DemoSeeder.AlreadySeeded.self) {
                try await DemoSeeder(database: app.db, reference: app.referenceData).seed(members: 1, seed: 4)
            }
        }
    }
}
