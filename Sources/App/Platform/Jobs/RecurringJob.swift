import Fluent
import Foundation

/// When a recurring job runs: once in each period. A period missed while no instance ran is
/// caught up once (not once per missed period) as soon as an instance runs again.
public enum RecurringSchedule: Sendable, Hashable, CustomStringConvertible {
    /// Periods of this many seconds, counted from the Unix epoch (so every instance agrees).
    case every(seconds: Int)
    /// Once a day from this time of day in this zone (daylight saving included).
    case daily(hour: Int, minute: Int, timeZone: TimeZone)

    public static func every(minutes: Int) -> RecurringSchedule { .every(seconds: minutes * 60) }

    /// The start of the period `date` falls in: what names the period across instances.
    public func periodStart(containing date: Date) -> Date {
        switch self {
        case .every(let seconds):
            let length = Double(max(1, seconds))
            return Date(timeIntervalSince1970: (date.timeIntervalSince1970 / length).rounded(.down) * length)
        case .daily(let hour, let minute, let timeZone):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            func start(on day: Date) -> Date {
                calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day) ?? day
            }
            let today = start(on: calendar.startOfDay(for: date))
            if today <= date { return today }
            let yesterday = calendar.date(byAdding: .day, value: -1, to: calendar.startOfDay(for: date)) ?? date
            return start(on: yesterday)
        }
    }

    public var description: String {
        switch self {
        case .every(let seconds) where seconds % 60 == 0: "every \(seconds / 60) min"
        case .every(let seconds): "every \(seconds) s"
        case .daily(let hour, let minute, let timeZone):
            "daily at \(String(format: "%02d:%02d", hour, minute)) \(timeZone.identifier)"
        }
    }
}

/// A job queued once per period of its schedule, by whichever instance first sees the period
/// begin; the queue then runs it like any other job (retries included).
public struct RecurringJob: Sendable {
    /// Stored with the last period queued: never renamed, or the job runs again in its period.
    public let name: String
    public let schedule: RecurringSchedule
    let enqueue: @Sendable (_ runAt: Date, _ database: any Database) async throws -> Void

    public init<Job: QueueableJob>(_ name: String, _ schedule: RecurringSchedule, job: Job) {
        self.name = name
        self.schedule = schedule
        self.enqueue = { runAt, database in try await JobQueue.enqueue(job, at: runAt, on: database) }
    }
}
