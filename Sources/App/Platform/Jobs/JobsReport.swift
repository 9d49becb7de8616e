import Fluent
import SQLKit
import Vapor

/// What the queue holds, for the operator: counts per kind, the jobs being retried, the jobs
/// given up on (the dead letters) and where each recurring job stands.
struct JobsReport: Sendable {
    struct KindCounts: Sendable, Equatable {
        let kind: String
        var waiting = 0, running = 0, retrying = 0, dead = 0
        var nextRun: Date?
    }

    struct Listed: Sendable {
        let id: UUID
        let kind: String
        let attempts: Int
        /// The next run for a retried job, the moment it was given up on for a dead one.
        let date: Date
        let lastError: String
    }

    struct Recurring: Sendable {
        let name: String
        let schedule: RecurringSchedule
        let lastPeriod: Date?
    }

    var kinds: [KindCounts]
    var retrying: [Listed]
    var dead: [Listed]
    var recurring: [Recurring]

    static func make(on database: any Database, now: Date, limit: Int, recurringJobs: [RecurringJob]) async throws -> JobsReport {
        let sql = database as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT kind,
              SUM(CASE WHEN failed_at IS NULL AND locked_until >= \(bind: now) THEN 1 ELSE 0 END) AS running,
              SUM(CASE WHEN failed_at IS NULL AND (locked_until IS NULL OR locked_until < \(bind: now)) AND attempts = 0 THEN 1 ELSE 0 END) AS waiting,
              SUM(CASE WHEN failed_at IS NULL AND (locked_until IS NULL OR locked_until < \(bind: now)) AND attempts > 0 THEN 1 ELSE 0 END) AS retrying,
              SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END) AS dead,
              MIN(CASE WHEN failed_at IS NULL THEN run_at END) AS next_run
            FROM queued_jobs GROUP BY kind ORDER BY kind
            """).all()
        let kinds = try rows.map { row in
            KindCounts(
                kind: try row.decode(column: "kind", as: String.self),
                waiting: try row.decode(column: "waiting", as: Int.self),
                running: try row.decode(column: "running", as: Int.self),
                retrying: try row.decode(column: "retrying", as: Int.self),
                dead: try row.decode(column: "dead", as: Int.self),
                nextRun: try row.decode(column: "next_run", as: Date?.self)
            )
        }
        let retrying = try await QueuedJob.query(on: database)
            .filter(\.$failedAt == nil).filter(\.$attempts > 0)
            .group(.or) { $0.filter(\.$lockedUntil == nil).filter(\.$lockedUntil < now) }
            .sort(\.$runAt).limit(limit).all()
            .map { Listed(id: try $0.requireID(), kind: $0.kind, attempts: $0.attempts, date: $0.runAt, lastError: $0.lastError ?? "") }
        let dead = try await QueuedJob.query(on: database)
            .filter(\.$failedAt != nil).sort(\.$failedAt, .descending).limit(limit).all()
            .map { Listed(id: try $0.requireID(), kind: $0.kind, attempts: $0.attempts, date: $0.failedAt ?? now, lastError: $0.lastError ?? "") }
        let records = try await RecurringJobRecord.query(on: database).all()
        let lastPeriods = Dictionary(records.compactMap { record in record.id.map { ($0, record.lastPeriod) } }, uniquingKeysWith: { first, _ in first })
        let recurring = recurringJobs.map { Recurring(name: $0.name, schedule: $0.schedule, lastPeriod: lastPeriods[$0.name]) }
        return JobsReport(kinds: kinds, retrying: retrying, dead: dead, recurring: recurring)
    }

    /// The report as the `jobs` command prints it.
    var text: String {
        var lines: [String] = []
        let total = kinds.reduce(into: KindCounts(kind: "")) {
            $0.waiting += $1.waiting; $0.running += $1.running; $0.retrying += $1.retrying; $0.dead += $1.dead
        }
        lines.append("Jobs: \(total.waiting) waiting, \(total.running) running, \(total.retrying) to retry, \(total.dead) dead")
        if !kinds.isEmpty {
            lines.append("")
            lines += Self.table(
                ["KIND", "WAITING", "RUNNING", "TO RETRY", "DEAD", "NEXT RUN"],
                kinds.map { [$0.kind, "\($0.waiting)", "\($0.running)", "\($0.retrying)", "\($0.dead)", $0.nextRun.map(Self.format) ?? "-"] }
            )
        }
        if !retrying.isEmpty {
            lines.append("")
            lines.append("To retry (next run first):")
            lines += Self.table(["ID", "KIND", "ATTEMPTS", "NEXT RUN", "LAST ERROR"],
                                retrying.map { [$0.id.uuidString, $0.kind, "\($0.attempts)", Self.format($0.date), $0.lastError] })
        }
        if !dead.isEmpty {
            lines.append("")
            lines.append("Dead (given up after \(JobQueue.maximumAttempts) attempts or unreadable; fields removed, kept 30 days; newest first):")
            lines += Self.table(["ID", "KIND", "ATTEMPTS", "GIVEN UP", "LAST ERROR"],
                                dead.map { [$0.id.uuidString, $0.kind, "\($0.attempts)", Self.format($0.date), $0.lastError] })
        }
        if !recurring.isEmpty {
            lines.append("")
            lines.append("Recurring:")
            lines += Self.table(["NAME", "SCHEDULE", "LAST QUEUED FOR"],
                                recurring.map { [$0.name, $0.schedule.description, $0.lastPeriod.map(Self.format) ?? "never"] })
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// Columns padded to their widest cell; the last column is left unpadded (an error message).
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
