import Vapor

/// `opendiaspora jobs`: what the job queue holds (waiting, running, to retry, dead) and where
/// each recurring job stands. Reads only.
struct JobsCommand: AsyncCommand, Sendable {
    struct Signature: CommandSignature {
        @Option(name: "limit", short: "n", help: "How many jobs to list in each of 'to retry' and 'dead' (default 20).")
        var limit: Int?

        init() {}
    }

    var help: String { "Lists the queued, retried and dead jobs and the recurring schedules." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let limit = signature.limit ?? 20
        guard limit > 0 else {
            throw JobsCommandError.limitNotPositive
        }
        let report = try await JobsReport.make(on: app.db, now: app.clock.now, limit: limit, recurringJobs: app.recurringJobs)
        context.console.print(report.text)
    }
}

enum JobsCommandError: Error, CustomStringConvertible {
    case limitNotPositive

    var description: String { "--limit must be a whole number above 0" }
}
