@testable import App
import Fluent
import SQLKit
import Foundation
import Testing
import Vapor

@Suite("Who may see what")
struct AudiencePolicyTests {
    /// Relations as a connections feature would provide them: one connection, one block.
    struct Relations: AudienceRelations {
        let connected: Set<[UUID]>
        let blocked: Set<[UUID]>
        func isConnection(_ viewer: UUID, of owner: UUID, on database: any Database) async throws -> Bool { connected.contains([viewer, owner].sorted { $0.uuidString < $1.uuidString }) }
        func isBlocked(between viewer: UUID, and owner: UUID, on database: any Database) async throws -> Bool { blocked.contains([viewer, owner].sorted { $0.uuidString < $1.uuidString }) }
        // The policy asks only the two above.
        func connections(of member: UUID, among candidates: [UUID], on database: any Database) async throws -> Set<UUID> { [] }
        func blockStates(of member: UUID, among candidates: [UUID], on database: any Database) async throws -> [UUID: BlockState] { [:] }
        func connectionIDs(of member: UUID, limit: Int, on database: any Database) async throws -> [UUID] { [] }
        func blockedEitherWaySQL(_ member: UUID) -> SQLQueryString { "SELECT NULL WHERE 1 = 0" }
    }

    static func pair(_ a: UUID, _ b: UUID) -> [UUID] { [a, b].sorted { $0.uuidString < $1.uuidString } }

    static func viewer(_ id: UUID) -> Principal {
        Principal(memberID: id, displayName: "Viewer", role: .member, isEmailVerified: true, locale: "en", credential: .apiToken(id: UUID()))
    }

    @Test func eachAudienceAgainstEachKindOfViewer() async throws {
        try await withApp { app async throws in
            let owner = UUID(), friend = UUID(), stranger = UUID(), blocked = UUID()
            let policy = AudiencePolicy(relations: Relations(connected: [Self.pair(owner, friend), Self.pair(owner, blocked)], blocked: [Self.pair(owner, blocked)]))
            func sees(_ viewer: UUID?, _ audience: Audience, listable: Bool = true) async throws -> Bool {
                try await policy.allows(viewer.map(Self.viewer), AudienceSubject(owner: owner, audience: audience, ownerIsListable: listable), on: app.db)
            }
            #expect(try await sees(nil, .everyone))
            #expect(try await sees(nil, .members) == false)
            #expect(try await sees(stranger, .members))
            #expect(try await sees(stranger, .connections) == false)
            #expect(try await sees(friend, .connections))
            #expect(try await sees(friend, .owner) == false)
            #expect(try await sees(owner, .owner))
            // A block hides everything, even what is everyone's, even from a connection.
            #expect(try await sees(blocked, .everyone) == false)
            #expect(try await sees(blocked, .connections) == false)
            // An unlistable owner (suspended, unconfirmed) is seen by themselves only.
            #expect(try await sees(nil, .everyone, listable: false) == false)
            #expect(try await sees(friend, .connections, listable: false) == false)
            #expect(try await sees(owner, .members, listable: false))
        }
    }

    @Test func withoutAConnectionsFeatureConnectionsMeansOnlyTheOwnerAndIsNeverListed() async throws {
        try await withApp { app async throws in
            let owner = UUID()
            let policy = app.audiencePolicy
            #expect(try await !policy.allows(Self.viewer(UUID()), AudienceSubject(owner: owner, audience: .connections, ownerIsListable: true), on: app.db))
            #expect(policy.listed(to: nil) == [.everyone])
            #expect(policy.listed(to: Self.viewer(UUID())) == [.everyone, .members])
            #expect(ProfileVisibility.listed(signedIn: true) == [.public, .members])
        }
    }

    @Test func aConnectionsFeatureChangesWhatProfilesShowWithoutTouchingThem() async throws {
        try await withApp { app async throws in
            let owner = try await makeMemberWithProfile(app, email: "owner@example.org", name: "Owner", visibility: .connections)
            let friend = try await makeMember(app, email: "friend@example.org", name: "Friend")
            let stranger = try await makeMember(app, email: "stranger@example.org", name: "Stranger")
            let path = "/api/v1/members/\(try owner.requireID().uuidString.lowercased())"
            try await app.testing().test(.GET, path, headers: try await bearer(app, for: friend)) { res async throws in #expect(res.status == .notFound) }
            app.audienceRelations = Relations(connected: [Self.pair(try owner.requireID(), try friend.requireID())], blocked: [])
            try await app.testing().test(.GET, path, headers: try await bearer(app, for: friend)) { res async throws in #expect(res.status == .ok) }
            try await app.testing().test(.GET, path, headers: try await bearer(app, for: stranger)) { res async throws in #expect(res.status == .notFound) }
        }
    }
}
