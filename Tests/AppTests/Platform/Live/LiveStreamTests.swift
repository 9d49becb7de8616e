@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Live event stream")
struct LiveStreamTests {
    @Test func signedOutTheStreamIs401AsAProblem() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/api/v1/events") { res async throws in
                #expect(res.status == .unauthorized)
                #expect(res.headers.contentType?.subType == "problem+json")
            }
            try await app.testing().test(.GET, "/api/v1/events", headers: ["Authorization": "Bearer odp_unknown"]) { res async throws in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func aResumePointThatIsNotAnEventIdIs422NamingIt() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let bearer = HTTPHeaders(try await bearerHeaders(for: member, on: app).map { ($0.key, $0.value) })
            try await app.testing().test(.GET, "/api/v1/events?after=-3", headers: bearer) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["after"])
            }
            var withHeader = bearer
            withHeader.add(name: "Last-Event-ID", value: "<script>")
            try await app.testing().test(.GET, "/api/v1/events", headers: withHeader) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["Last-Event-ID"])
            }
        }
    }

    @Test func aFreshStreamSendsNothingOldThenWhatIsPublishedUncompressed() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let other = try await makeMember(app, email: "omar@example.org", name: "Omar Sy")
            try await app.livePublisher.publish(liveEvent(1), to: [member.requireID()], on: app.db)
            let newest = try await LiveEventLog.newestID(of: member.requireID(), on: app.db)
            let headers = try await bearerHeaders(for: member, on: app)
            try await withRunningServer(app) { port async throws in
                let client = try await EventStreamClient.open(port: port, headers: headers)
                #expect(await client.wait { $0.events.count == 1 })

                #expect(client.status == 200)
                #expect(client.header("Content-Type")?.hasPrefix("text/event-stream") == true)
                #expect(client.header("Content-Encoding") == nil)
                #expect(client.header("Cache-Control") == "no-store")
                #expect(client.body.text.hasPrefix("retry: \(LiveDelivery.reconnectMilliseconds)\n"))
                // Where it stands, as an id without data: nothing old is dispatched.
                #expect(client.events == [.init(id: "\(newest)")])

                try await app.livePublisher.publish(.badge("messages", count: 2), to: [member.requireID()], on: app.db)
                try await app.livePublisher.publish(liveEvent(9), to: [other.requireID()], on: app.db)
                #expect(await client.wait { $0.dispatched.count == 1 })
                let sent = try await LiveEventLog.newestID(of: member.requireID(), on: app.db)
                #expect(client.dispatched == [.init(id: "\(sent)", event: "badge", data: #"{"count":2,"name":"messages"}"#)])
                try await Task.sleep(for: .milliseconds(200))
                #expect(client.dispatched.count == 1)
                await client.close()
            }
        }
    }

    @Test func aStreamResumingFromLastEventIDGetsWhatItMissedOnceAndInOrder() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let id = try member.requireID()
            for number in 1...3 { try await app.livePublisher.publish(liveEvent(number), to: [id], on: app.db) }
            let stored = try await LiveEventLog.events(of: id, after: 0, on: app.db)
            var headers = try await bearerHeaders(for: member, on: app)
            headers["Last-Event-ID"] = "\(stored[0].id)"
            try await withRunningServer(app) { port async throws in
                let client = try await EventStreamClient.open(port: port, headers: headers)
                #expect(await client.wait { $0.dispatched.count == 2 })
                try await app.livePublisher.publish(liveEvent(4), to: [id], on: app.db)
                #expect(await client.wait { $0.dispatched.count == 3 })
                try await Task.sleep(for: .milliseconds(200))

                #expect(client.dispatched.map(\.data) == [#"{"n":2}"#, #"{"n":3}"#, #"{"n":4}"#])
                let ids = client.dispatched.compactMap { $0.id.flatMap { Int64($0) } }
                #expect(ids == ids.sorted() && ids.first == stored[1].id)
                await client.close()
            }
        }
    }

    @Test func theAfterParameterResumesLikeTheHeader() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let id = try member.requireID()
            for number in 1...2 { try await app.livePublisher.publish(liveEvent(number), to: [id], on: app.db) }
            let first = try await LiveEventLog.events(of: id, after: 0, on: app.db)[0].id
            let headers = try await bearerHeaders(for: member, on: app)
            try await withRunningServer(app) { port async throws in
                let client = try await EventStreamClient.open(port: port, path: "/api/v1/events?after=\(first)", headers: headers)
                #expect(await client.wait { $0.dispatched.count == 1 })
                #expect(client.dispatched.map(\.data) == [#"{"n":2}"#])
                await client.close()
            }
        }
    }

    @Test func resumingFromAnEventHousekeepingRemovedSendsResetAndTheNewestId() async throws {
        try await withApp { app async throws in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            app.clock = clock
            let member = try await makeMember(app)
            let id = try member.requireID()
            try await app.livePublisher.publish(liveEvent(1), to: [id], on: app.db)
            try await app.livePublisher.publish(liveEvent(2), to: [id], on: app.db)
            let first = try await LiveEventLog.events(of: id, after: 0, on: app.db)[0].id
            clock.advance(by: LiveEventLog.retention + 60)
            try await app.livePublisher.publish(liveEvent(3), to: [id], on: app.db)
            try await LiveEventLog.removeOld(on: app.db, now: clock.now)
            let newest = try await LiveEventLog.newestID(of: id, on: app.db)
            var headers = try await bearerHeaders(for: member, on: app)
            headers["Last-Event-ID"] = "\(first)"
            try await withRunningServer(app) { port async throws in
                let client = try await EventStreamClient.open(port: port, headers: headers)
                #expect(await client.wait { !$0.dispatched.isEmpty })
                try await Task.sleep(for: .milliseconds(200))
                #expect(client.dispatched == [.init(id: "\(newest)", event: "reset", data: "{}")])
                await client.close()
            }
        }
    }

    @Test func anIdleStreamGetsHeartbeatComments() async throws {
        try await withApp { app async throws in
            app.liveDelivery.heartbeatInterval = .milliseconds(100)
            let member = try await makeMember(app)
            let headers = try await bearerHeaders(for: member, on: app)
            try await withRunningServer(app) { port async throws in
                let client = try await EventStreamClient.open(port: port, headers: headers)
                #expect(await client.wait { $0.body.text.components(separatedBy: ": keep-alive\n\n").count > 2 })
                #expect(client.dispatched.isEmpty)
                await client.close()
            }
        }
    }

    @Test func heartbeatsKeepAStreamOpenPastTheServersIdleTimeout() async throws {
        try await withApp { app async throws in
            // Generous against a loaded machine: the first answer must come within the timeout.
            // (In the parallel suite on two cores a first answer has taken over 6 seconds.)
            app.http.server.configuration.idleTimeout = .seconds(15)
            app.liveDelivery.heartbeatInterval = .seconds(2)
            let member = try await makeMember(app)
            let headers = try await bearerHeaders(for: member, on: app)
            try await withRunningServer(app) { port async throws in
                let opened = ContinuousClock.now
                let client = try await EventStreamClient.open(port: port, headers: headers)
                #expect(await client.wait(seconds: 15) { !$0.events.isEmpty }, "no answer after \(ContinuousClock.now - opened)")

                try await Task.sleep(for: .seconds(25))

                #expect(!client.isEnded)
                try await app.livePublisher.publish(liveEvent(1), to: [member.requireID()], on: app.db)
                #expect(await client.wait { $0.dispatched.count == 1 })
                await client.close()
            }
        }
    }

    @Test func anIdleConnectionWithoutHeartbeatsIsClosedByTheIdleTimeout() async throws {
        // What the heartbeat is for: the same stream, with heartbeats slower than the timeout.
        try await withApp { app async throws in
            // Longer than a first answer takes on a loaded machine, so the stream opens before it ends.
            app.http.server.configuration.idleTimeout = .seconds(12)
            app.liveDelivery.heartbeatInterval = .seconds(60)
            let member = try await makeMember(app)
            let headers = try await bearerHeaders(for: member, on: app)
            try await withRunningServer(app) { port async throws in
                let client = try await EventStreamClient.open(port: port, headers: headers)
                #expect(await client.wait { !$0.events.isEmpty })
                #expect(await client.wait(seconds: 45) { $0.isEnded })
                await client.close()
            }
        }
    }

    @Test func theInstancesBoundIsReadFromLIVE_MAX_STREAMS() throws {
        #expect(try AppConfiguration(environment: [:], rootDirectory: repositoryRoot).liveMaximumStreams == 2000)
        #expect(try AppConfiguration(environment: ["LIVE_MAX_STREAMS": "50"], rootDirectory: repositoryRoot).liveMaximumStreams == 50)
        #expect(throws: ConfigurationError.self) { try AppConfiguration(environment: ["LIVE_MAX_STREAMS": "0"], rootDirectory: repositoryRoot) }
        #expect(throws: ConfigurationError.self) { try AppConfiguration(environment: ["LIVE_MAX_STREAMS": "many"], rootDirectory: repositoryRoot) }
    }

    @Test func aFifthStreamOfAMemberClosesTheOldestWhichIsToldNotToReconnect() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let other = try await makeMember(app, email: "omar@example.org", name: "Omar Sy")
            let headers = try await bearerHeaders(for: member, on: app)
            let otherHeaders = try await bearerHeaders(for: other, on: app)
            try await withRunningServer(app) { port async throws in
                let othersStream = try await EventStreamClient.open(port: port, headers: otherHeaders)
                var clients: [EventStreamClient] = []
                for _ in 1...LiveHub.maximumPerMember {
                    let client = try await EventStreamClient.open(port: port, headers: headers)
                    #expect(await client.wait { !$0.events.isEmpty })
                    clients.append(client)
                }
                #expect(await app.liveDelivery.hub.openStreams(of: try member.requireID()) == LiveHub.maximumPerMember)

                let newest = try await EventStreamClient.open(port: port, headers: headers)

                #expect(await clients[0].wait { $0.isEnded })
                #expect(clients[0].dispatched.last == .init(event: "closed", data: "{}"))
                #expect(await newest.wait { !$0.events.isEmpty })
                #expect(clients.dropFirst().allSatisfy { !$0.isEnded })
                #expect(!othersStream.isEnded)
                #expect(await app.liveDelivery.hub.openStreams(of: try member.requireID()) == LiveHub.maximumPerMember)
                for client in clients + [newest, othersStream] { await client.close() }
            }
        }
    }

    @Test func beyondTheInstancesBoundAStreamIs503WithRetryAfter() async throws {
        try await withApp(adjust: { $0.liveMaximumStreams = 1 }) { app async throws in
            let member = try await makeMember(app)
            let other = try await makeMember(app, email: "omar@example.org", name: "Omar Sy")
            let headers = try await bearerHeaders(for: member, on: app)
            let otherHeaders = try await bearerHeaders(for: other, on: app)
            try await withRunningServer(app) { port async throws in
                let first = try await EventStreamClient.open(port: port, headers: headers)
                #expect(await first.wait { !$0.events.isEmpty })

                let refused = try await EventStreamClient.open(port: port, headers: otherHeaders)
                #expect(await refused.wait { $0.status != nil })
                #expect(refused.status == 503)
                #expect(refused.header("Retry-After") == "\(LiveStreamController.retryAfterSeconds)")
                #expect(refused.header("Content-Type")?.hasPrefix("application/problem+json") == true)

                // A place given back is taken again.
                await first.close()
                var reopened: EventStreamClient?
                for _ in 0..<50 where reopened == nil {
                    if await app.liveDelivery.hub.openStreams == 0 {
                        reopened = try await EventStreamClient.open(port: port, headers: otherHeaders)
                    } else {
                        // The server learns the client left when it next writes.
                        try await app.livePublisher.publish(liveEvent(1), to: [member.requireID()], on: app.db)
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
                let second = try #require(reopened)
                #expect(await second.wait { $0.status != nil })
                #expect(second.status == 200)
                await second.close()
            }
        }
    }

    @Test func shuttingDownEndsEveryStream() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let headers = try await bearerHeaders(for: member, on: app)
            try await withRunningServer(app) { port async throws in
                let client = try await EventStreamClient.open(port: port, headers: headers)
                #expect(await client.wait { !$0.events.isEmpty })

                await app.liveDelivery.shutdownAsync(app)

                #expect(await client.wait { $0.body.complete })
                #expect(client.dispatched.isEmpty)
                #expect(await app.liveDelivery.hub.openStreams == 0)
            }
        }
    }

    @Test func signedInPagesNameTheStreamForTheScriptAndSignedOutPagesDoNot() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/") { res async throws in
                #expect(!res.body.string.contains("data-live"))
            }
            try await makeMember(app)
            let browser = try await signedIn(app)
            try await app.testing().test(.GET, "/", headers: browser.headers) { res async throws in
                #expect(res.body.string.contains(#"<body data-live="/api/v1/events">"#))
            }
        }
    }

    @Test func aSessionCookieOpensTheStreamToo() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            let browser = try await signedIn(app)
            let cookie = try #require(browser.headers.first(name: .cookie))
            try await withRunningServer(app) { port async throws in
                let client = try await EventStreamClient.open(port: port, headers: ["Cookie": cookie])
                #expect(await client.wait { $0.status != nil })
                #expect(client.status == 200)
                await client.close()
            }
        }
    }

    @Test func aPayloadsLineBreaksBecomeSeveralDataLines() {
        let frame = LiveStream.frame(.init(id: 7, kind: "test", payload: "a\nb\r\nc\rd"))
        #expect(frame == "id: 7\nevent: test\ndata: a\ndata: b\ndata: c\ndata: d\n\n")
    }
}
