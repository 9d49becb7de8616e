@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Three verified members with profiles (Amina, Bakary, Chidi) and a bearer token for each.
struct ConnectionCast {
    let amina: Member
    let bakary: Member
    let chidi: Member
    let aminaAPI: HTTPHeaders
    let bakaryAPI: HTTPHeaders
    let chidiAPI: HTTPHeaders

    var a: UUID { amina.id! }
    var b: UUID { bakary.id! }
    var c: UUID { chidi.id! }

    static func make(_ app: Application, aminaVisibility: ProfileVisibility = .public, bakaryVisibility: ProfileVisibility = .public) async throws -> ConnectionCast {
        let amina = try await makeMemberWithProfile(app, email: "amina@example.org", name: "Amina Diallo", visibility: aminaVisibility, headline: "Engineer")
        let bakary = try await makeMemberWithProfile(app, email: "bakary@example.org", name: "Bakary Traore", visibility: bakaryVisibility, headline: "Farmer")
        let chidi = try await makeMemberWithProfile(app, email: "chidi@example.org", name: "Chidi Okafor", headline: "Teacher")
        return ConnectionCast(
            amina: amina, bakary: bakary, chidi: chidi,
            aminaAPI: try await bearer(app, for: amina), bakaryAPI: try await bearer(app, for: bakary), chidiAPI: try await bearer(app, for: chidi))
    }
}

/// The lowercased path form of an id.
func segment(_ id: UUID) -> String { id.uuidString.lowercased() }

/// Sends a JSON body of any shape under `/api/v1`.
func apiJSON(_ app: Application, _ method: HTTPMethod, _ path: String, body: [String: String?], headers: HTTPHeaders,
             check: (TestingHTTPResponse) async throws -> Void) async throws {
    try await app.testing().test(method, "/api/v1" + path, headers: headers, beforeRequest: { req async throws in
        try req.content.encode(body.compactMapValues { $0 }, as: .json)
    }, afterResponse: check)
}

/// Asks through the API and returns the answer's status and body.
@discardableResult
func requestConnection(_ app: Application, from headers: HTTPHeaders, to member: UUID, note: String? = nil) async throws -> (status: HTTPStatus, result: ConnectionsAPI.RequestResult?, headers: HTTPHeaders) {
    var outcome: (HTTPStatus, ConnectionsAPI.RequestResult?, HTTPHeaders)?
    try await apiJSON(app, .POST, "/connection-requests", body: ["memberID": segment(member), "note": note], headers: headers) { res async throws in
        outcome = (res.status, res.status == .created ? try res.content.decode(ConnectionsAPI.RequestResult.self) : nil, res.headers)
    }
    return try #require(outcome)
}

/// A list of the API as its page.
func apiList(_ app: Application, _ path: String, _ headers: HTTPHeaders) async throws -> ConnectionsAPI.Page {
    var page: ConnectionsAPI.Page?
    try await app.testing().test(.GET, "/api/v1" + path, headers: headers) { res async throws in
        #expect(res.status == .ok)
        page = try res.content.decode(ConnectionsAPI.Page.self)
    }
    return try #require(page)
}

/// The status of a bodiless API call.
func apiStatus(_ app: Application, _ method: HTTPMethod, _ path: String, _ headers: HTTPHeaders) async throws -> HTTPStatus {
    var status: HTTPStatus?
    try await app.testing().test(method, "/api/v1" + path, headers: headers) { res async throws in status = res.status }
    return try #require(status)
}

