@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Another member trying each route on rows that are not theirs: 404 every time, nothing changes.
@Suite("Connections: another member's rows")
struct ConnectionAccessTests {
    @Test func aThirdMemberCannotTouchARequestOrConnectionOfOthers() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            let requestID = try #require(try await requestConnection(app, from: cast.aminaAPI, to: cast.b).result?.requestID)
            let request = segment(requestID)
            // Chidi, and the wrong side of the request.
            #expect(try await apiStatus(app, .POST, "/connection-requests/\(request)/accept", cast.chidiAPI) == .notFound)
            #expect(try await apiStatus(app, .POST, "/connection-requests/\(request)/decline", cast.chidiAPI) == .notFound)
            #expect(try await apiStatus(app, .POST, "/connection-requests/\(request)/withdraw", cast.chidiAPI) == .notFound)
            #expect(try await apiStatus(app, .POST, "/connection-requests/\(request)/accept", cast.aminaAPI) == .notFound)
            #expect(try await apiStatus(app, .POST, "/connection-requests/\(request)/withdraw", cast.bakaryAPI) == .notFound)
            var chidi = try await signedIn(app, email: "chidi@example.org")
            let token = try await visit(app, "/connections", as: &chidi)
            for action in ["accept", "decline", "withdraw"] {
                try await submit(app, "/connections/requests/\(request)/\(action)", [:], as: &chidi, csrf: token) { res in
                    #expect(res.status == .notFound)
                }
            }
            #expect(try await ConnectionRequest.query(on: app.db).filter(\.$state == .pending).count() == 1)
            #expect(try await apiList(app, "/connection-requests/received", cast.chidiAPI).items.isEmpty)
            #expect(try await apiList(app, "/connection-requests/sent", cast.chidiAPI).items.isEmpty)

            #expect(try await apiStatus(app, .POST, "/connection-requests/\(request)/accept", cast.bakaryAPI) == .noContent)
            #expect(try await apiStatus(app, .DELETE, "/connections/\(segment(cast.a))", cast.chidiAPI) == .notFound)
            try await submit(app, "/members/\(segment(cast.a))/disconnect", [:], as: &chidi, csrf: token) { res in
                #expect(res.status == .notFound)
            }
            try await submit(app, "/members/\(segment(cast.a))/unblock", [:], as: &chidi, csrf: token) { res in
                #expect(res.status == .notFound)
            }
            #expect(try await apiList(app, "/connections", cast.chidiAPI).items.isEmpty)
            #expect(try await ConnectionRelations().isConnection(cast.a, of: cast.b, on: app.db))
        }
    }

    @Test func visitorsAreSentToSignIn() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            for path in ["/connections", "/connections/received", "/connections/sent", "/account/blocks",
                         "/members/\(segment(cast.a))/connect", "/members/\(segment(cast.a))/block"] {
                try await app.testing().test(.GET, path) { res async throws in
                    #expect(res.status == .seeOther || res.status == .unauthorized, "\(path)")
                }
            }
            for path in ["/connections", "/connection-requests/received", "/blocks"] {
                #expect(try await apiStatus(app, .GET, path, [:]) == .unauthorized)
            }
        }
    }

    @Test func capsAnswer429WithRetryAfter() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            // 30 new requests a day.
            var targets: [UUID] = []
            for index in 0..<(ConnectionLimits.newPerDay.limit + 1) {
                targets.append(try await makeMember(app, email: "t\(index)@example.org", name: "Target \(index)").id!)
            }
            for target in targets.prefix(ConnectionLimits.newPerDay.limit) {
                #expect(try await requestConnection(app, from: cast.aminaAPI, to: target).status == .created)
            }
            let over = try await requestConnection(app, from: cast.aminaAPI, to: targets.last!)
            #expect(over.status == .tooManyRequests)
            let retry = try #require(over.headers.first(name: "Retry-After").flatMap(Int.init))
            #expect(retry > 0 && retry <= 24 * 3600)
            // Repeating a request already sent is not a new one.
            #expect(try await requestConnection(app, from: cast.aminaAPI, to: targets[0]).status == .created)

            // 50 open at once, whatever the day.
            for index in 0..<ConnectionLimits.openOutgoing {
                let target = try await makeMember(app, email: "o\(index)@example.org", name: "Open \(index)")
                let row = ConnectionRequest(requester: cast.b, recipient: target.id!, note: "", at: ConnectionTime.stamp(app.clock.now))
                if index % 2 == 0 { row.state = .declined }
                try await row.create(on: app.db)
            }
            let capped = try await requestConnection(app, from: cast.bakaryAPI, to: cast.c)
            #expect(capped.status == .tooManyRequests)
            #expect(capped.headers.first(name: "Retry-After") == String(ConnectionLimits.openOutgoingRetryAfter))
            // The page answers the same.
            var bakary = try await signedIn(app, email: "bakary@example.org")
            let token = try await visit(app, "/members/\(segment(cast.c))/connect", as: &bakary)
            try await submit(app, "/members/\(segment(cast.c))/connect", ["note": ""], as: &bakary, csrf: token) { res in
                #expect(res.status == .tooManyRequests)
                #expect(res.headers.first(name: "Retry-After") != nil)
            }
        }
    }
}
