@testable import App
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A job that records each run under its test's run id, so a test counts how often each ran
/// whichever application ran it.
struct CountedJob: QueueableJob {
    static let kind = "tests.counted"
    private static let runs = NIOLockedValueBox<[UUID: [Int]]>([:])

    let run: UUID
    let number: Int

    func run(in application: Application) async throws {
        Self.runs.withLockedValue { $0[run, default: []].append(number) }
    }

    /// The numbers run so far under `run`, in the order they ran.
    static func numbers(of run: UUID) -> [Int] {
        runs.withLockedValue { $0[run] ?? [] }
    }
}

/// A job that always throws.
struct AlwaysFails: QueueableJob {
    static let kind = "tests.always-fails"
    struct Failure: Error {}
    func run(in application: Application) async throws { throw Failure() }
}
