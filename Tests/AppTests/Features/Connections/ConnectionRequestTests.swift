@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Asking, answering, withdrawing and removing, through the API and the pages.
@Suite("Connection requests")
struct ConnectionRequestTests {
    @Test func anAcceptedRequestConnectsBothAndOpensConnectionsOnlyProfiles() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app, aminaVisibility: .connections)
            let bakaryPage = try await signedIn(app, email: "bakary@example.org")
            #expect(try await page(app, "/members/\(segment(cast.a))", as: bakaryPage).status == .notFound)

            let sent = try await requestConnection(app, from: cast.aminaAPI, to: cast.b, note: "We met in Lyon")
            #expect(sent.status == .created)
            #expect(sent.result?.state == .pending)
            let requestID = try #require(sent.result?.requestID)
            let received = try await apiList(app, "/connection-requests/received", cast.bakaryAPI)
            #expect(received.items.map(\.requestID) == [requestID])
            #expect(received.items.first?.note == "We met in Lyon")
            #expect(received.items.first?.member.id == cast.a)

            #expect(try await apiStatus(app, .POST, "/connection-requests/\(segment(requestID))/accept", cast.bakaryAPI) == .noContent)

            #expect(try await apiList(app, "/connections", cast.aminaAPI).items.map(\.member.id) == [cast.b])
            #expect(try await apiList(app, "/connections", cast.bakaryAPI).items.map(\.member.id) == [cast.a])
            #expect(try await apiList(app, "/connection-requests/received", cast.bakaryAPI).items.isEmpty)
            #expect(try await apiList(app, "/connection-requests/sent", cast.aminaAPI).items.isEmpty)
            // The connections-only profile is now Bakary's to see, and still no one else's.
            #expect(try await page(app, "/members/\(segment(cast.a))", as: bakaryPage).status == .ok)
            #expect(try await apiStatus(app, .GET, "/members/\(segment(cast.a))", cast.bakaryAPI) == .ok)
            #expect(try await apiStatus(app, .GET, "/members/\(segment(cast.a))", cast.chidiAPI) == .notFound)
        }
    }

    @Test func askingSomeoneWhoAskedYouAcceptsTheirRequest() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            try await requestConnection(app, from: cast.bakaryAPI, to: cast.a)
            let answer = try await requestConnection(app, from: cast.aminaAPI, to: cast.b)
            #expect(answer.status == .created)
            #expect(answer.result?.state == .connected)
            #expect(try await ConnectionRelations().isConnection(cast.a, of: cast.b, on: app.db))
            #expect(try await ConnectionRequest.query(on: app.db).count() == 1)
        }
    }

    @Test func askingTwiceChangesNothing() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            let first = try await requestConnection(app, from: cast.aminaAPI, to: cast.b)
            let second = try await requestConnection(app, from: cast.aminaAPI, to: cast.b)
            #expect(second.result == first.result)
            #expect(try await ConnectionRequest.query(on: app.db).count() == 1)
        }
    }

    /// The sender's view before and after a decline is the same, on the page and in the API, and
    /// asking again reaches no one.
    @Test func aDeclineIsNeverToldToTheSender() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            let aminaPage = try await signedIn(app, email: "amina@example.org")
            let requestID = try #require(try await requestConnection(app, from: cast.aminaAPI, to: cast.b).result?.requestID)
            let listBefore = try await apiList(app, "/connection-requests/sent", cast.aminaAPI)
            let pageBefore = try await page(app, "/connections/sent", as: aminaPage).body
            let profileBefore = try await page(app, "/members/\(segment(cast.b))", as: aminaPage).body

            #expect(try await apiStatus(app, .POST, "/connection-requests/\(segment(requestID))/decline", cast.bakaryAPI) == .noContent)

            let listAfter = try await apiList(app, "/connection-requests/sent", cast.aminaAPI)
            #expect(listAfter.items.map(\.requestID) == listBefore.items.map(\.requestID))
            #expect(listAfter.items.map(\.at) == listBefore.items.map(\.at))
            #expect(try await page(app, "/connections/sent", as: aminaPage).body.replacingCSRF == pageBefore.replacingCSRF)
            #expect(try await page(app, "/members/\(segment(cast.b))", as: aminaPage).body.replacingCSRF == profileBefore.replacingCSRF)
            // Asking again answers as before, and Bakary sees nothing new.
            let again = try await requestConnection(app, from: cast.aminaAPI, to: cast.b)
            #expect(again.status == .created)
            #expect(again.result == ConnectionsAPI.RequestResult(state: .pending, requestID: requestID))
            #expect(try await apiList(app, "/connection-requests/received", cast.bakaryAPI).items.isEmpty)
            // Withdrawn, then asked again: Amina sees it sent; Bakary still sees nothing.
            #expect(try await apiStatus(app, .POST, "/connection-requests/\(segment(requestID))/withdraw", cast.aminaAPI) == .noContent)
            #expect(try await apiList(app, "/connection-requests/sent", cast.aminaAPI).items.isEmpty)
            #expect(try await requestConnection(app, from: cast.aminaAPI, to: cast.b).result?.state == .pending)
            #expect(try await apiList(app, "/connection-requests/sent", cast.aminaAPI).items.count == 1)
            #expect(try await apiList(app, "/connection-requests/received", cast.bakaryAPI).items.isEmpty)
        }
    }

    @Test func withdrawingAWaitingRequestRemovesItForBoth() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            let requestID = try #require(try await requestConnection(app, from: cast.aminaAPI, to: cast.b).result?.requestID)
            #expect(try await apiStatus(app, .POST, "/connection-requests/\(segment(requestID))/withdraw", cast.aminaAPI) == .noContent)
            #expect(try await apiList(app, "/connection-requests/received", cast.bakaryAPI).items.isEmpty)
            #expect(try await apiStatus(app, .POST, "/connection-requests/\(segment(requestID))/accept", cast.bakaryAPI) == .notFound)
        }
    }

    @Test func eitherSideRemovesAConnection() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            try await requestConnection(app, from: cast.aminaAPI, to: cast.b)
            try await requestConnection(app, from: cast.bakaryAPI, to: cast.a)
            #expect(try await apiStatus(app, .DELETE, "/connections/\(segment(cast.a))", cast.bakaryAPI) == .noContent)
            #expect(try await apiList(app, "/connections", cast.aminaAPI).items.isEmpty)
            #expect(try await !ConnectionRelations().isConnection(cast.b, of: cast.a, on: app.db))
            // They may ask again afterwards.
            #expect(try await requestConnection(app, from: cast.aminaAPI, to: cast.b).result?.state == .pending)
        }
    }

    @Test func wrongRequestsAnswer422NamingTheField() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            try await apiJSON(app, .POST, "/connection-requests", body: ["memberID": segment(cast.a)], headers: cast.aminaAPI) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["memberID"])
            }
            try await apiJSON(app, .POST, "/connection-requests", body: ["memberID": segment(cast.b), "note": String(repeating: "é", count: 501)], headers: cast.aminaAPI) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["note"])
            }
            try await apiJSON(app, .POST, "/connection-requests", body: ["memberID": segment(cast.b), "note": "hi\u{202E}there"], headers: cast.aminaAPI) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["note"])
            }
            try await apiJSON(app, .POST, "/connection-requests", body: ["note": "hello"], headers: cast.aminaAPI) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["memberID"])
            }
            try await apiJSON(app, .POST, "/connection-requests", body: ["memberID": "not-a-uuid"], headers: cast.aminaAPI) { res async throws in
                #expect(res.status == .badRequest)
            }
            try await app.testing().test(.GET, "/api/v1/connections?cursor=bogus", headers: cast.aminaAPI) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["cursor"])
            }
            #expect(try await ConnectionRequest.query(on: app.db).count() == 0)
        }
    }

    @Test func theRequestFormKeepsTheNoteOn422() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            var browser = try await signedIn(app, email: "amina@example.org")
            let path = "/members/\(segment(cast.b))/connect"
            let token = try await visit(app, path, as: &browser)
            let long = String(repeating: "x", count: 501) + "<kept>"
            try await submit(app, path, ["note": long], as: &browser, csrf: token) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("xxxxx&lt;kept&gt;</textarea>"))
                #expect(res.body.string.contains("f-note-error"))
            }
            try await submit(app, path, ["note": "Hello <b>Bakary</b>"], as: &browser, csrf: token) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/members/\(segment(cast.b))")
            }
            var bakary = try await signedIn(app, email: "bakary@example.org")
            let received = try await page(app, "/connections/received", as: bakary).body
            #expect(received.contains("Hello &lt;b&gt;Bakary&lt;/b&gt;"))
            // Accepting through the page's form, with its CSRF token.
            let request = try #require(try await ConnectionRequest.query(on: app.db).first())
            let acceptToken = try await visit(app, "/connections/received", as: &bakary)
            try await submit(app, "/connections/requests/\(segment(request.id!))/accept", [:], as: &bakary, csrf: acceptToken) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await page(app, "/connections", as: bakary).body.contains("Amina Diallo"))
            // Without the token nothing happens.
            try await submit(app, "/members/\(segment(cast.a))/disconnect", [:], as: &bakary, csrf: "forged") { res in
                #expect(res.status == .forbidden)
            }
            #expect(try await ConnectionRelations().isConnection(cast.a, of: cast.b, on: app.db))
        }
    }

    @Test func onlyVerifiedMembersAskAndOnlyListableMembersAreAsked() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            let unverified = try await makeMemberWithProfile(app, email: "new@example.org", name: "New Member", verified: false)
            let suspended = try await makeMemberWithProfile(app, email: "gone@example.org", name: "Gone Member", suspended: true)
            #expect(try await requestConnection(app, from: try await bearer(app, for: unverified), to: cast.a).status == .forbidden)
            #expect(try await requestConnection(app, from: cast.aminaAPI, to: unverified.id!).status == .notFound)
            #expect(try await requestConnection(app, from: cast.aminaAPI, to: suspended.id!).status == .notFound)
            #expect(try await requestConnection(app, from: cast.aminaAPI, to: UUID()).status == .notFound)
            #expect(try await ConnectionRequest.query(on: app.db).count() == 0)
        }
    }

    @Test func listsArePagedNewestFirstWithoutGapsOrRepeats() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            var others: [UUID] = []
            for index in 0..<25 {
                let other = try await makeMember(app, email: "p\(index)@example.org", name: "Person \(index)")
                others.append(other.id!)
                try await ConnectionRequest(requester: other.id!, recipient: cast.a, note: "", at: ConnectionTime.stamp(app.clock.now)).create(on: app.db)
            }
            let first = try await apiList(app, "/connection-requests/received", cast.aminaAPI)
            #expect(first.items.count == ConnectionLimits.pageSize)
            let cursor = try #require(first.nextCursor)
            let second = try await apiList(app, "/connection-requests/received?cursor=\(cursor)", cast.aminaAPI)
            #expect(second.items.count == 5)
            #expect(second.nextCursor == nil)
            let all = (first.items + second.items).map(\.member.id)
            #expect(Set(all) == Set(others))
            #expect(all.count == 25)
            let times = (first.items + second.items).map(\.at)
            #expect(times == times.sorted(by: >))
            // Pages: the same, with a link to the next page.
            let browser = try await signedIn(app, email: "amina@example.org")
            let body = try await page(app, "/connections/received", as: browser).body
            #expect(body.contains("/connections/received?cursor=\(cursor)"))
            #expect(try await page(app, "/connections/received?cursor=nonsense", as: browser).status == .ok)
        }
    }

    @Test func theHeaderCountsRequestsWaitingForAnAnswer() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            try await requestConnection(app, from: cast.aminaAPI, to: cast.b)
            try await requestConnection(app, from: cast.chidiAPI, to: cast.b)
            let bakary = try await signedIn(app, email: "bakary@example.org")
            let body = try await page(app, "/members", as: bakary).body
            #expect(body.contains(#"data-badge="connections""#))
            #expect(body.contains(#"data-count="2""#))
            // A sender suspended since is neither listed nor counted.
            cast.chidi.suspendedAt = Date()
            try await cast.chidi.save(on: app.db)
            #expect(try await page(app, "/members", as: bakary).body.contains(#"data-count="1""#))
            #expect(!(try await page(app, "/connections/received", as: bakary).body.contains("Chidi Okafor")))
        }
    }

    @Test func everyBuiltKeyExists() async throws {
        try await withApp { app async throws in
            let known = app.catalogs.keys(for: .en)
            for kind in ConnectionsListPage.Kind.allCases {
                for part in ["title", "tab", "order", "empty"] { #expect(known.contains("connections.\(kind.rawValue).\(part)")) }
            }
            for kind in [ConnectionNotifications.requestReceived, ConnectionNotifications.requestAccepted] {
                #expect(known.contains(kind.textKey + ".one"))
                #expect(known.contains(kind.textKey + ".other"))
                #expect(known.contains(kind.labelKey))
                #expect(app.notificationKinds.kind(kind.id) != nil)
            }
        }
    }
}

extension String {
    /// The page with its CSRF tokens blanked, to compare two renderings.
    var replacingCSRF: String {
        replacingOccurrences(of: #"name="csrf_token" value="[^"]*""#, with: "", options: .regularExpression)
    }
}

/// Changes to one pair made at the same moment, as two browsers would: none fails halfway.
@Suite("Connection changes at once")
struct ConcurrentConnectionTests {
    static func principal(_ member: Member) -> Principal {
        Principal(memberID: member.id!, displayName: member.displayName, role: .member, isEmailVerified: true, locale: "en", credential: .apiToken(id: UUID()))
    }

    @Test func twoMembersAskingEachOtherAtOnceEndConnectedWithoutAnError() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            let amina = Self.principal(cast.amina), bakary = Self.principal(cast.bakary)
            let service = app.connections
            // Without the pair's lock, PostgreSQL answered one of them with a unique-index violation (a 500).
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await service.request(from: amina, to: cast.b, note: nil) }
                group.addTask { _ = try await service.request(from: bakary, to: cast.a, note: nil) }
                try await group.waitForAll()
            }
            #expect(try await app.audienceRelations.isConnection(cast.a, of: cast.b, on: app.db))
            #expect(try await MemberConnection.query(on: app.db).count() == 2)
        }
    }

    @Test func twoAcceptsAtOnceConnectOnce() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            let outcome = try await app.connections.request(from: Self.principal(cast.amina), to: cast.b, note: nil)
            guard case .sent(let requestID) = outcome else { Issue.record("not sent: \(outcome)"); return }
            let bakary = Self.principal(cast.bakary)
            let service = app.connections
            let results = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        do { try await service.accept(requestID, by: bakary); return true }
                        catch let abort as Abort where abort.status == .notFound { return false }
                        catch { Issue.record("an accept failed: \(error)"); return false }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await MemberConnection.query(on: app.db).count() == 2)
        }
    }
}
