@testable import App
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Connections and blocks held in memory, standing in for the Connections feature: tests connect
/// and block members directly.
final class TestRelations: AudienceRelations, @unchecked Sendable {
    private struct State {
        var connections: Set<Set<UUID>> = []
        /// blocker → blocked
        var blocks: Set<[UUID]> = []
    }
    private let state = NIOLockedValueBox(State())

    func connect(_ a: Member, _ b: Member) { state.withLockedValue { _ = $0.connections.insert([a.id!, b.id!]) } }
    func block(_ blocker: Member, _ blocked: Member) { state.withLockedValue { _ = $0.blocks.insert([blocker.id!, blocked.id!]) } }

    func isConnection(_ viewer: UUID, of owner: UUID, on database: any Database) async throws -> Bool {
        state.withLockedValue { $0.connections.contains([viewer, owner]) }
    }
    func isBlocked(between viewer: UUID, and owner: UUID, on database: any Database) async throws -> Bool {
        state.withLockedValue { $0.blocks.contains([viewer, owner]) || $0.blocks.contains([owner, viewer]) }
    }
    func connections(of member: UUID, among candidates: [UUID], on database: any Database) async throws -> Set<UUID> {
        state.withLockedValue { state in Set(candidates.filter { state.connections.contains([member, $0]) }) }
    }
    func blockStates(of member: UUID, among candidates: [UUID], on database: any Database) async throws -> [UUID: BlockState] {
        state.withLockedValue { state in
            var result: [UUID: BlockState] = [:]
            for other in candidates {
                let blocks = state.blocks.contains([member, other]), blocked = state.blocks.contains([other, member])
                if blocks && blocked { result[other] = .both } else if blocks { result[other] = .blocks } else if blocked { result[other] = .blockedBy }
            }
            return result
        }
    }
    func connectionIDs(of member: UUID, limit: Int, on database: any Database) async throws -> [UUID] {
        state.withLockedValue { state in Array(state.connections.filter { pair in pair.contains(member) }.compactMap { pair in pair.first { id in id != member } }.prefix(limit)) }
    }
    func blockedEitherWaySQL(_ member: UUID) -> SQLQueryString {
        let ids: [UUID] = state.withLockedValue { state in state.blocks.filter { pair in pair.contains(member) }.compactMap { pair in pair.first { id in id != member } } }
        guard !ids.isEmpty else { return "SELECT CAST(NULL AS uuid) WHERE 1 = 0" }
        return "SELECT m.id FROM members m WHERE m.id IN (\(binds: ids))"
    }
}

/// Every announcement, seen mark and withdrawal, in order.
final class RecordingNotifier: Notifier, @unchecked Sendable {
    let announced = NIOLockedValueBox<[Announcement]>([])
    let seen = NIOLockedValueBox<[(String, String, UUID)]>([])

    func announce(_ announcement: Announcement, on database: any Database) async throws { announced.withLockedValue { $0.append(announcement) } }
    func markSeen(_ kind: NotificationKind, groupKey: String, by member: UUID, on database: any Database) async throws {
        seen.withLockedValue { $0.append((kind.id, groupKey, member)) }
    }
    func withdraw(_ kind: NotificationKind, groupKey: String, to member: UUID, on database: any Database) async throws {}
}


/// An application with in-memory relations and recording notifier and publisher; its clock
/// stands two days ahead, so members made by the test are past their first day.
struct MessagingWorld {
    let app: Application
    let relations: TestRelations
    let notifier: RecordingNotifier
    let live: RecordingLivePublisher

    /// A verified member with a public profile (open to contact when asked), and their API token.
    func member(_ name: String, open: Bool = false, verified: Bool = true, visibility: ProfileVisibility = .public) async throws -> Member {
        let email = name.lowercased().replacingOccurrences(of: " ", with: ".") + "@example.org"
        let member = try await makeMember(app, email: email, name: name, verified: verified)
        try await makeProfile(app, for: member, visibility: visibility, openToContact: open)
        return member
    }

    func principal(_ member: Member) throws -> Principal {
        try member.principal(via: .session(id: UUID(), csrfToken: ""))
    }
}

func withMessaging(_ test: (MessagingWorld) async throws -> Void) async throws {
    try await AppTests.withApp { app in
        let world = MessagingWorld(app: app, relations: TestRelations(), notifier: RecordingNotifier(), live: RecordingLivePublisher())
        app.audienceRelations = world.relations
        app.notifier = world.notifier
        app.livePublisher = world.live
        try app.manualClock.advance(by: 2 * 24 * 3600)
        try await test(world)
    }
}

/// A JSON request with any body, as a member's bearer token.
@discardableResult
func apiCall(
    _ app: Application, _ method: HTTPMethod, _ path: String, as headers: HTTPHeaders, body: (any Encodable & Sendable)? = nil,
    check: (TestingHTTPResponse) async throws -> Void = { _ in }
) async throws -> TestingHTTPResponse {
    var captured: TestingHTTPResponse?
    try await app.testing().test(method, "/api/v1" + path, headers: headers, beforeRequest: { req async throws in
        if let body {
            req.headers.contentType = .json
            req.body = ByteBuffer(data: try JSONEncoder().encode(body))
        }
    }) { res async throws in
        captured = res
        try await check(res)
    }
    return try #require(captured)
}

struct DirectInput: Encodable, Sendable {
    let to: String
    let body: String
}

struct GroupInput: Encodable, Sendable {
    let title: String
    let participants: [String]
    var body: String?
}

struct BodyInput: Encodable, Sendable {
    let body: String
}

struct MembersInput: Encodable, Sendable {
    let members: [String]
}

extension TestingHTTPResponse {
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
    }
}

/// Starts a one-to-one conversation through the API and returns its id.
func startConversation(_ world: MessagingWorld, from sender: Member, to recipient: Member, body: String = "Hello there") async throws -> String {
    let res = try await apiCall(world.app, .POST, "/conversations", as: try await bearer(world.app, for: sender), body: DirectInput(to: recipient.id!.uuidString, body: body))
    #expect(res.status == .created, "\(res.body.string)")
    return try #require(try res.json()["id"] as? String).lowercased()
}


/// How many elements the array `key` of a JSON answer has (nil when it is not an array).
func count(_ response: TestingHTTPResponse, _ key: String) throws -> Int? {
    (try response.json()[key] as? [Any])?.count
}

/// The array of objects `key` of a JSON answer.
func list(_ response: TestingHTTPResponse, _ key: String) throws -> [[String: Any]]? {
    try response.json()[key] as? [[String: Any]]
}
