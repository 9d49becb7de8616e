@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Recurring jobs")
struct RecurringJobTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000) // 2027-01-15T08:00:00Z

    @Test func aPeriodOfMinutesStartsOnTheSameClockForEveryInstance() {
        let schedule = RecurringSchedule.every(minutes: 10)
        let date = Date(timeIntervalSince1970: 1_800_000_000 + 34 * 60 + 56)
        #expect(schedule.periodStart(containing: date) == Date(timeIntervalSince1970: 1_800_000_000 + 30 * 60))
        #expect(schedule.periodStart(containing: Date(timeIntervalSince1970: 1_800_000_000 + 40 * 60)) == Date(timeIntervalSince1970: 1_800_000_000 + 40 * 60))
    }

    @Test func aDailyPeriodStartsAtItsTimeInItsZone() throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let schedule = RecurringSchedule.daily(hour: 3, minute: 0, timeZone: paris)
        func utc(_ text: String) throws -> Date { try Date(text, strategy: .iso8601) }
        // 02:00 in Paris: today's 03:00 has not come, so the period is yesterday's.
        #expect(schedule.periodStart(containing: try utc("2026-12-06T01:00:00Z")) == (try utc("2026-12-05T02:00:00Z")))
        #expect(schedule.periodStart(containing: try utc("2026-12-06T02:30:00Z")) == (try utc("2026-12-06T02:00:00Z")))
        // Summer time began that night: 03:00 in Paris is 01:00 UTC.
        #expect(schedule.periodStart(containing: try utc("2026-03-29T05:00:00Z")) == (try utc("2026-03-29T01:00:00Z")))
        #expect(schedule.description == "daily at 03:00 Europe/Paris")
    }

    @Test func aRecurringJobSurvivesARestartWithoutRunningTwiceInAPeriod() async throws {
        try await withApp { app async throws in
            let run = UUID()
            let tick = RecurringJob("tests.tick", .every(minutes: 10), job: CountedJob(run: run, number: 1))
            app.jobKinds.register(CountedJob.self)
            let scheduler = RecurringJobScheduler(jobs: [tick])
            #expect(try await scheduler.enqueueDue(on: app.db, now: start) == ["tests.tick"])
            #expect(try await scheduler.enqueueDue(on: app.db, now: start.addingTimeInterval(60)) == [])
            #expect(try await JobQueue(application: app).runDue(now: start.addingTimeInterval(60)) == 1)
            // The server restarts within the same period: nothing of the first run is in memory.
            try await withSecondInstance(of: app) { restarted async throws in
                restarted.jobKinds.register(CountedJob.self)
                let again = RecurringJobScheduler(jobs: [tick])
                #expect(try await again.enqueueDue(on: restarted.db, now: start.addingTimeInterval(300)) == [])
                #expect(try await JobQueue(application: restarted).runDue(now: start.addingTimeInterval(300)) == 0)
                #expect(CountedJob.numbers(of: run) == [1])
                // The next period is queued once.
                #expect(try await again.enqueueDue(on: restarted.db, now: start.addingTimeInterval(600)) == ["tests.tick"])
                #expect(try await RecurringJobScheduler(jobs: [tick]).enqueueDue(on: restarted.db, now: start.addingTimeInterval(601)) == [])
                #expect(try await JobQueue(application: restarted).runDue(now: start.addingTimeInterval(601)) == 1)
                #expect(CountedJob.numbers(of: run) == [1, 1])
            }
        }
    }

    @Test func twoInstancesSeeingAPeriodBeginQueueItOnce() async throws {
        try await withApp { app async throws in
            let tick = RecurringJob("tests.tick", .every(minutes: 1), job: CountedJob(run: UUID(), number: 1))
            try await withSecondInstance(of: app) { second async throws in
                for minute in 0..<20 {
                    let now = start.addingTimeInterval(Double(minute) * 60 + 1)
                    async let first = RecurringJobScheduler(jobs: [tick]).enqueueDue(on: app.db, now: now)
                    async let other = RecurringJobScheduler(jobs: [tick]).enqueueDue(on: second.db, now: now)
                    let (byFirst, bySecond) = try await (first, other)
                    #expect(byFirst.count + bySecond.count == 1, "minute \(minute)")
                }
            }
            #expect(try await QueuedJob.query(on: app.db).filter(\.$kind == CountedJob.kind).count() == 20)
        }
    }

    @Test func everyHousekeepingTaskIsARecurringJobAndRunsOnTheQueue() async throws {
        try await withApp { app async throws in
            let names = Set(app.recurringJobs.map(\.name))
            for task in app.housekeeping {
                #expect(names.contains("housekeeping: \(task.name)"))
            }
            #expect(names.contains(DeliverDueMail.sweep.name))
            let queued = try await RecurringJobScheduler(jobs: app.recurringJobs).enqueueDue(on: app.db, now: app.clock.now)
            #expect(queued.count == app.recurringJobs.count)
            try await runQueuedJobs(app)
            #expect(try await QueuedJob.query(on: app.db).count() == 0, "every task ran without failing")
            #expect(try await RecurringJobRecord.query(on: app.db).count() == app.recurringJobs.count)
        }
    }
}
