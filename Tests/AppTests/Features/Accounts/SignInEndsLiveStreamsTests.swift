@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// A page's event stream outlives the request that opened it; ending the sign-in it was opened
/// with ends it too (`LiveEvent.signInsEnded`, `AccountSignInCheck`).
@Suite("Ending a sign-in ends its live streams")
struct SignInEndsLiveStreamsTests {
    private func cookieHeaders(_ browser: Browser) throws -> [String: String] {
        ["Cookie": try #require(browser.headers.first(name: .cookie))]
    }

    @Test func signingOutClosesThatBrowsersStreamButNotAnothersNorShowsTheSignal() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            var leaving = try await signedIn(app)
            let staying = try await signedIn(app)
            try await withRunningServer(app) { port async throws in
                let leavingStream = try await EventStreamClient.open(port: port, headers: try cookieHeaders(leaving))
                let stayingStream = try await EventStreamClient.open(port: port, headers: try cookieHeaders(staying))
                #expect(await leavingStream.wait { !$0.events.isEmpty })
                #expect(await stayingStream.wait { !$0.events.isEmpty })

                try await submit(app, "/logout", [:], as: &leaving) { res in #expect(res.status == .seeOther) }

                #expect(await leavingStream.wait { $0.isEnded })
                #expect(leavingStream.dispatched.last == .init(event: "closed", data: "{}"))
                try await app.livePublisher.publish(liveEvent(1), to: [member.requireID()], on: app.db)
                #expect(await stayingStream.wait { $0.dispatched.count == 1 })
                #expect(!stayingStream.isEnded)
                #expect(stayingStream.dispatched.map(\.event) == ["test"])
                await leavingStream.close()
                await stayingStream.close()
            }
        }
    }

    @Test func revokingATokenClosesTheStreamsOpenedWithItOnly() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let revoked = try await bearerHeaders(for: member, on: app)
            let kept = try await bearerHeaders(for: member, on: app)
            let revokedID = try #require(try await APIToken.query(on: app.db).filter(\.$name == "live").all()
                .first { $0.tokenHash == SecureToken.digest(String(revoked["Authorization"]!.dropFirst("Bearer ".count))) }?.requireID())
            try await withRunningServer(app) { port async throws in
                let revokedStream = try await EventStreamClient.open(port: port, headers: revoked)
                let keptStream = try await EventStreamClient.open(port: port, headers: kept)
                #expect(await revokedStream.wait { !$0.events.isEmpty })
                #expect(await keptStream.wait { !$0.events.isEmpty })

                try await app.testing().test(.DELETE, "/api/v1/tokens/\(revokedID)", headers: HTTPHeaders(kept.map { ($0.key, $0.value) })) { res async throws in
                    #expect(res.status == .noContent)
                }

                #expect(await revokedStream.wait { $0.isEnded })
                #expect(revokedStream.dispatched.last == .init(event: "closed", data: "{}"))
                try await Task.sleep(for: .milliseconds(200))
                #expect(!keptStream.isEnded)
                await revokedStream.close()
                await keptStream.close()
            }
        }
    }

    @Test func signingOutEverywhereClosesEveryStreamOfTheMemberAndNoOneElses() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let other = try await makeMember(app, email: "omar@example.org", name: "Omar Sy")
            var browser = try await signedIn(app)
            let token = try await bearerHeaders(for: member, on: app)
            let othersToken = try await bearerHeaders(for: other, on: app)
            try await withRunningServer(app) { port async throws in
                let pageStream = try await EventStreamClient.open(port: port, headers: try cookieHeaders(browser))
                let tokenStream = try await EventStreamClient.open(port: port, headers: token)
                let othersStream = try await EventStreamClient.open(port: port, headers: othersToken)
                for stream in [pageStream, tokenStream, othersStream] { #expect(await stream.wait { !$0.events.isEmpty }) }

                try await submit(app, "/account/sessions/end", [:], as: &browser) { res in #expect(res.status == .seeOther) }

                #expect(await pageStream.wait { $0.isEnded })
                #expect(await tokenStream.wait { $0.isEnded })
                #expect(tokenStream.dispatched.last == .init(event: "closed", data: "{}"))
                #expect(!othersStream.isEnded)
                for stream in [pageStream, tokenStream, othersStream] { await stream.close() }
            }
        }
    }

    @Test func aSessionThatExpiresWhileItsStreamIsOpenEndsItAtTheNextCheck() async throws {
        try await withApp { app async throws in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            app.clock = clock
            try await makeMember(app)
            let browser = try await signedIn(app)
            app.liveDelivery.heartbeatInterval = .milliseconds(100)
            app.liveDelivery.signInRecheckInterval = .milliseconds(300)
            try await withRunningServer(app) { port async throws in
                let stream = try await EventStreamClient.open(port: port, headers: try cookieHeaders(browser))
                #expect(await stream.wait { !$0.events.isEmpty })
                try await Task.sleep(for: .milliseconds(800))
                #expect(!stream.isEnded, "a current session is checked and kept")

                clock.advance(by: SessionCookie.idleLifetime + 60)

                #expect(await stream.wait { $0.isEnded })
                #expect(stream.dispatched.last == .init(event: "closed", data: "{}"))
                await stream.close()
            }
        }
    }
}
