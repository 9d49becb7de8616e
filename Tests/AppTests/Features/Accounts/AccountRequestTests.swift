@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Reset requests, registrations and address changes answer before anyone looks the address up,
/// so the answer (and its time) cannot depend on whether the address has an account: the request
/// does the same writes either way (one queued job), the job does the rest.
@Suite("Account requests do the same work whatever the address")
struct AccountRequestTests {
    func writes(_ app: Application) async throws -> (jobs: Int, mails: Int, tokens: Int, members: Int) {
        (try await QueuedJob.query(on: app.db).count(), try await OutboxMessage.query(on: app.db).count(),
         try await AccountToken.query(on: app.db).count(), try await Member.query(on: app.db).count())
    }

    @Test func aResetRequestForAnAccountAndForNoneWritesTheSame() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var seen: [(jobs: Int, mails: Int, tokens: Int, members: Int)] = []
            for email in ["amina@example.org", "nobody@example.org"] {
                let before = try await writes(app)
                try await api(app, .POST, "/auth/password/forgot", json: ["email": email]) { res async throws in
                    #expect(res.status == .accepted)
                }
                let after = try await writes(app)
                seen.append((after.jobs - before.jobs, after.mails - before.mails, after.tokens - before.tokens, after.members - before.members))
            }
            #expect(seen.map(\.jobs) == [1, 1])
            #expect(seen.map(\.mails) == [0, 0])
            #expect(seen.map(\.tokens) == [0, 0])
            // After the answer, the job mails the real owner only.
            let mails = try await outbox(app)
            #expect(mails.map(\.toAddress) == ["amina@example.org"])
            #expect(try await QueuedJob.query(on: app.db).count() == 0)
        }
    }

    @Test func resetRequestsAreLimitedPerClientAddress() async throws {
        try await withApp { app async throws in
            for index in 1...(RateLimitRule.passwordResetPerIP.limit + 1) {
                try await api(app, .POST, "/auth/password/forgot", json: ["email": "person\(index)@example.org"]) { res async throws in
                    #expect(res.status == (index <= RateLimitRule.passwordResetPerIP.limit ? .accepted : .tooManyRequests))
                }
            }
        }
    }

    @Test func aSuspendedMemberGetsNoResetMail() async throws {
        try await withApp { app async throws in
            try await makeMember(app, suspended: true)
            var browser = Browser()
            try await submit(app, "/password/forgot", ["email": "amina@example.org"], as: &browser) { res async throws in
                #expect(res.status == .ok)
            }
            #expect(try await outbox(app).isEmpty)
        }
    }

    @Test func anAddressChangeToATakenAddressAnswersTheSameAndSendsNothing() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            try await makeMember(app, email: "taken@example.org", name: "Taken")
            var browser = try await signedIn(app)
            var pages: [String] = []
            for address in ["TAKEN@example.org", "free@example.org"] {
                let before = try await writes(app)
                try await submit(app, "/account/email", ["newEmail": address, "emailPassword": goodPassword], as: &browser) { res async throws in
                    #expect(res.status == .seeOther)
                    pages.append(res.headers.first(name: .location) ?? "")
                }
                let after = try await writes(app)
                #expect(after.jobs - before.jobs == 1)
                #expect(after.tokens == before.tokens)
            }
            #expect(pages[0] == pages[1])
            let mails = try await outbox(app)
            #expect(mails.map(\.toAddress) == ["free@example.org"])
        }
    }

    @Test func aJobThatFailsIsRetriedLaterAndGivenUpOnAfterItsAttempts() async throws {
        try await withApp { app async throws in
            app.jobKinds.register(AlwaysFails.self)
            try await JobQueue.enqueue(AlwaysFails(), on: app.db, now: app.clock.now)
            var now = Date()
            #expect(try await JobQueue(application: app).runDue(now: now) == 0)
            let job = try #require(try await QueuedJob.query(on: app.db).first())
            #expect(job.attempts == 1)
            #expect(job.runAt > now, "retried later, not at once")
            #expect(job.lastError?.contains("Failure") == true)
            for _ in 2...JobQueue.maximumAttempts {
                now = now.addingTimeInterval(7 * 3600)
                try await JobQueue(application: app).runDue(now: now)
            }
            let given = try #require(try await QueuedJob.query(on: app.db).first())
            #expect(given.failedAt != nil)
            #expect(given.attempts == JobQueue.maximumAttempts)
            #expect(try await JobQueue(application: app).runDue(now: now.addingTimeInterval(7 * 3600)) == 0)
        }
    }

    @Test func aClaimedJobIsNotRunTwice() async throws {
        try await withApp { app async throws in
            try await JobQueue.enqueue(PasswordResetRequested(email: "nobody@example.org"), on: app.db, now: app.clock.now)
            let job = try #require(try await QueuedJob.query(on: app.db).first())
            // Another instance holds it: this one leaves it alone until the claim expires.
            job.lockedUntil = Date().addingTimeInterval(60)
            try await job.save(on: app.db)
            #expect(try await JobQueue(application: app).runDue() == 0)
            #expect(try await JobQueue(application: app).runDue(now: Date().addingTimeInterval(120)) == 1)
            #expect(try await QueuedJob.query(on: app.db).count() == 0)
        }
    }
}

extension AccountRequestTests {
    @Test func anOwnerHearsOfJoinAttemptsAtMostThreeTimesADay() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            for _ in 1...4 {
                try await api(app, .POST, "/auth/register", json: ["email": "amina@example.org", "password": goodPassword, "displayName": "Someone"]) { res async throws in
                    #expect(res.status == .accepted)
                }
            }
            #expect(try await outbox(app).count == RateLimitRule.joinAttemptNoticePerEmail.limit)
        }
    }

    @Test func aJobOfAKindThisInstanceDoesNotKnowIsLeftForAnother() async throws {
        try await withApp { app async throws in
            try await QueuedJob(kind: "from.a.newer.version", payload: "{}", runAt: Date()).create(on: app.db)
            let now = Date()
            #expect(try await JobQueue(application: app).runDue(now: now) == 0)
            let job = try #require(try await QueuedJob.query(on: app.db).first())
            #expect(job.failedAt == nil)
            #expect(job.attempts == 0)
            #expect(job.runAt > now)
        }
    }

    @Test func aJobGivenUpOnKeepsNoFields() async throws {
        try await withApp { app async throws in
            app.jobKinds.register(AlwaysFails.self)
            try await JobQueue.enqueue(AlwaysFails(), on: app.db, now: app.clock.now)
            var now = Date()
            for _ in 1...JobQueue.maximumAttempts {
                try await JobQueue(application: app).runDue(now: now)
                now = now.addingTimeInterval(7 * 3600)
            }
            let job = try #require(try await QueuedJob.query(on: app.db).first())
            #expect(job.failedAt != nil)
            #expect(job.payload.isEmpty)
        }
    }
}
