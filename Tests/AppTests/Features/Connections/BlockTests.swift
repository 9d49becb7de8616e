@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Blocking: silent, both ways, through this feature's routes and Profiles' and Directory's.
@Suite("Blocks")
struct BlockTests {
    @Test func aBlockEndsConnectionsAndRequestsBothWays() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            try await requestConnection(app, from: cast.aminaAPI, to: cast.b)
            try await requestConnection(app, from: cast.bakaryAPI, to: cast.a)
            try await requestConnection(app, from: cast.chidiAPI, to: cast.b)
            try await requestConnection(app, from: cast.bakaryAPI, to: cast.c)
            #expect(try await apiStatus(app, .PUT, "/blocks/\(segment(cast.a))", cast.bakaryAPI) == .noContent)
            (app.clock as! ManualClock).advance(by: 1)
            #expect(try await apiStatus(app, .PUT, "/blocks/\(segment(cast.c))", cast.bakaryAPI) == .noContent)
            #expect(try await apiList(app, "/connections", cast.aminaAPI).items.isEmpty)
            #expect(try await apiList(app, "/connection-requests/sent", cast.chidiAPI).items.isEmpty)
            #expect(try await apiList(app, "/connection-requests/received", cast.chidiAPI).items.isEmpty)
            #expect(try await ConnectionRequest.query(on: app.db).count() == 0)
            #expect(try await apiList(app, "/blocks", cast.bakaryAPI).items.map(\.member.id) == [cast.c, cast.a])
            // Blocking again changes nothing.
            #expect(try await apiStatus(app, .PUT, "/blocks/\(segment(cast.a))", cast.bakaryAPI) == .noContent)
            #expect(try await MemberBlock.query(on: app.db).count() == 2)
        }
    }

    /// The blocked member's request is answered exactly as one to a member who does not exist.
    @Test func theBlockedCannotAskAndCannotTellWhy() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            #expect(try await apiStatus(app, .PUT, "/blocks/\(segment(cast.a))", cast.bakaryAPI) == .noContent)
            var blockedBody = "", missingBody = ""
            try await apiJSON(app, .POST, "/connection-requests", body: ["memberID": segment(cast.b)], headers: cast.aminaAPI) { res async throws in
                #expect(res.status == .notFound)
                blockedBody = res.body.string
            }
            try await apiJSON(app, .POST, "/connection-requests", body: ["memberID": segment(UUID())], headers: cast.aminaAPI) { res async throws in
                #expect(res.status == .notFound)
                missingBody = res.body.string
            }
            let withoutRequestID = { (body: String) in body.replacingOccurrences(of: #""request_id":"[^"]*""#, with: "", options: .regularExpression) }
            #expect(withoutRequestID(blockedBody) == withoutRequestID(missingBody))
            // The blocker cannot ask either (they would unblock first).
            #expect(try await requestConnection(app, from: cast.bakaryAPI, to: cast.a).status == .notFound)
            let amina = try await signedIn(app, email: "amina@example.org")
            #expect(try await page(app, "/members/\(segment(cast.b))/connect", as: amina).status == .notFound)
            #expect(try await ConnectionRequest.query(on: app.db).count() == 0)
        }
    }

    @Test func neitherSeesTheOthersProfileNorFindsThemInTheDirectory() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app, aminaVisibility: .members, bakaryVisibility: .members)
            let amina = try await signedIn(app, email: "amina@example.org")
            let bakary = try await signedIn(app, email: "bakary@example.org")
            #expect(try await page(app, "/members/\(segment(cast.b))", as: amina).status == .ok)
            #expect(try await page(app, "/members", as: amina).body.contains("Bakary Traore"))

            #expect(try await apiStatus(app, .PUT, "/blocks/\(segment(cast.a))", cast.bakaryAPI) == .noContent)

            #expect(try await page(app, "/members/\(segment(cast.b))", as: amina).status == .notFound)
            #expect(try await page(app, "/members/\(segment(cast.a))", as: bakary).status == .notFound)
            #expect(try await apiStatus(app, .GET, "/members/\(segment(cast.b))", cast.aminaAPI) == .notFound)
            #expect(try await apiStatus(app, .GET, "/members/\(segment(cast.a))", cast.bakaryAPI) == .notFound)
            let aminaDirectory = try await page(app, "/members", as: amina).body
            #expect(!aminaDirectory.contains("Bakary Traore"))
            #expect(aminaDirectory.contains("Chidi Okafor"))
            #expect(!(try await page(app, "/members?q=Bakary", as: amina).body.contains("Bakary Traore")))
            #expect(!(try await page(app, "/members", as: bakary).body.contains("Amina Diallo")))
            var found: [UUID] = []
            try await app.testing().test(.GET, "/api/v1/members", headers: cast.aminaAPI) { res async throws in
                found = try res.content.decode(DirectoryAPI.Page.self).items.map(\.id)
            }
            #expect(!found.contains(cast.b))
            #expect(found.contains(cast.c))
            // Others still see both.
            let chidi = try await signedIn(app, email: "chidi@example.org")
            let chidiDirectory = try await page(app, "/members", as: chidi).body
            #expect(chidiDirectory.contains("Bakary Traore") && chidiDirectory.contains("Amina Diallo"))
            // Unblocked: visible again.
            #expect(try await apiStatus(app, .DELETE, "/blocks/\(segment(cast.a))", cast.bakaryAPI) == .noContent)
            #expect(try await page(app, "/members/\(segment(cast.b))", as: amina).status == .ok)
        }
    }

    @Test func blockingFromTheProfileAndUnblockingFromTheAccount() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            var bakary = try await signedIn(app, email: "bakary@example.org")
            let profile = try await page(app, "/members/\(segment(cast.a))", as: bakary).body
            #expect(profile.contains("/members/\(segment(cast.a))/block"))
            let token = try await visit(app, "/members/\(segment(cast.a))/block", as: &bakary)
            #expect(!token.isEmpty)
            try await submit(app, "/members/\(segment(cast.a))/block", [:], as: &bakary, csrf: token) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/account/blocks")
            }
            #expect(try await page(app, "/account", as: bakary).body.contains("/account/blocks"))
            let list = try await page(app, "/account/blocks", as: bakary).body
            #expect(list.contains("Amina Diallo"))
            let listToken = try await visit(app, "/account/blocks", as: &bakary)
            try await submit(app, "/members/\(segment(cast.a))/unblock", [:], as: &bakary, csrf: listToken) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await MemberBlock.query(on: app.db).count() == 0)
            #expect(!(try await page(app, "/account/blocks", as: bakary).body.contains("Amina Diallo")))
        }
    }

    @Test func noOneBlocksThemselvesOrAMissingMember() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            try await app.testing().test(.PUT, "/api/v1/blocks/\(segment(cast.a))", headers: cast.aminaAPI) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["memberID"])
            }
            #expect(try await apiStatus(app, .PUT, "/blocks/\(segment(UUID()))", cast.aminaAPI) == .notFound)
            #expect(try await apiStatus(app, .DELETE, "/blocks/\(segment(cast.b))", cast.aminaAPI) == .notFound)
        }
    }
}
