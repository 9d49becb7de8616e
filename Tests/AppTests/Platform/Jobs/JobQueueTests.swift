@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Job queue")
struct JobQueueTests {
    @Test func twoWorkersOnOneDatabaseNeverRunAJobTwice() async throws {
        // The count on PostgreSQL; SQLite has one writer at a time, so fewer suffice there.
        let count = isPostgresRun ? 1_000 : 100
        try await withApp { app async throws in
            let run = UUID()
            app.jobKinds.register(CountedJob.self)
            try await app.db.transaction { db in
                for number in 0..<count {
                    try await JobQueue.enqueue(CountedJob(run: run, number: number), on: db, now: app.clock.now)
                }
            }
            try await withSecondInstance(of: app) { second async throws in
                second.jobKinds.register(CountedJob.self)
                func drain(_ worker: Application) async throws -> Int {
                    var done = 0
                    while true {
                        let ran = try await JobQueue(application: worker).runDue()
                        if ran == 0 { return done }
                        done += ran
                    }
                }
                async let first = drain(app)
                async let other = drain(second)
                let (byFirst, bySecond) = try await (first, other)
                #expect(byFirst + bySecond == count)
            }
            let numbers = CountedJob.numbers(of: run)
            #expect(numbers.count == count, "every job ran once, none twice")
            #expect(Set(numbers) == Set(0..<count))
            #expect(try await QueuedJob.query(on: app.db).count() == 0)
        }
    }

    @Test func aJobThatKeepsThrowingIsRetriedLaterAndLaterThenDead() async throws {
        try await withApp { app async throws in
            let clock = ManualClock()
            app.clock = clock
            app.jobKinds.register(AlwaysFails.self)
            try await JobQueue.enqueue(AlwaysFails(), on: app.db, now: clock.now)
            var delays: [TimeInterval] = []
            for _ in 1...JobQueue.maximumAttempts {
                #expect(try await JobQueue(application: app).runDue() == 0)
                let job = try #require(try await QueuedJob.query(on: app.db).first())
                if job.failedAt != nil { break }
                #expect(try await JobQueue(application: app).runDue() == 0, "not run again before its retry time")
                delays.append(job.runAt.timeIntervalSince(clock.now))
                clock.set(job.runAt)
            }
            #expect(delays.count == JobQueue.maximumAttempts - 1)
            #expect(delays.first.map { abs($0 - JobQueue.firstRetryDelay) < 1 } == true)
            #expect(zip(delays, delays.dropFirst()).allSatisfy { $0 <= $1 }, "each wait at least as long as the one before")
            let dead = try #require(try await QueuedJob.query(on: app.db).first())
            #expect(dead.failedAt != nil)
            #expect(dead.attempts == JobQueue.maximumAttempts)
            clock.advance(by: 24 * 3600)
            #expect(try await JobQueue(application: app).runDue() == 0, "a dead job is not run again")
            let report = try await JobsReport.make(on: app.db, now: clock.now, limit: 5, recurringJobs: [])
            #expect(report.dead.map(\.kind) == [AlwaysFails.kind])
            #expect(report.text.contains("Dead"))
        }
    }

    @Test func aJobRunsNotBeforeItsTime() async throws {
        try await withApp { app async throws in
            let clock = ManualClock()
            app.clock = clock
            let run = UUID()
            app.jobKinds.register(CountedJob.self)
            try await JobQueue.enqueue(CountedJob(run: run, number: 1), at: clock.now.addingTimeInterval(3600), on: app.db)
            #expect(try await JobQueue(application: app).runDue() == 0)
            clock.advance(by: 3600)
            #expect(try await JobQueue(application: app).runDue() == 1)
            #expect(CountedJob.numbers(of: run) == [1])
        }
    }

    @Test func aRoundQueuedWhileOneWaitsIsNotAddedButMovedEarlier() async throws {
        try await withApp { app async throws in
            let now = Date()
            let run = UUID()
            try await JobQueue.enqueueUnlessWaiting(CountedJob(run: run, number: 0), at: now.addingTimeInterval(600), on: app.db)
            try await JobQueue.enqueueUnlessWaiting(CountedJob(run: run, number: 0), at: now.addingTimeInterval(60), on: app.db)
            try await JobQueue.enqueueUnlessWaiting(CountedJob(run: run, number: 0), at: now.addingTimeInterval(300), on: app.db)
            let jobs = try await QueuedJob.query(on: app.db).filter(\.$kind == CountedJob.kind).all()
            #expect(jobs.count == 1)
            #expect(jobs.first.map { abs($0.runAt.timeIntervalSince(now) - 60) < 1 } == true)
        }
    }

    @Test func theReportCountsEachKindByState() async throws {
        try await withApp { app async throws in
            let now = Date()
            try await JobQueue.enqueue(CountedJob(run: UUID(), number: 1), on: app.db, now: now)
            try await JobQueue.enqueue(CountedJob(run: UUID(), number: 2), delay: 60, on: app.db, now: now)
            let retried = QueuedJob(kind: AlwaysFails.kind, payload: "{}", runAt: now.addingTimeInterval(30))
            retried.attempts = 2
            retried.lastError = "Failure()"
            try await retried.create(on: app.db)
            let report = try await JobsReport.make(on: app.db, now: now, limit: 10, recurringJobs: app.recurringJobs)
            #expect(report.kinds.map(\.kind) == [CountedJob.kind, AlwaysFails.kind].sorted())
            let counted = try #require(report.kinds.first { $0.kind == CountedJob.kind })
            #expect(counted.waiting == 2)
            #expect(counted.nextRun.map { abs($0.timeIntervalSince(now)) < 1 } == true)
            #expect(report.retrying.map(\.kind) == [AlwaysFails.kind])
            #expect(report.text.hasPrefix("Jobs: 2 waiting, 0 running, 1 to retry, 0 dead"))
            #expect(report.text.contains("housekeeping: expired sessions and mail links"))
            #expect(report.text.contains("never"), "no recurring job has been queued yet")
        }
    }
}
