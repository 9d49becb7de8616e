import NIOConcurrencyHelpers
import Vapor

/// The job types the application knows, by kind, registered while it is configured.
public final class JobKinds: Sendable {
    typealias Runner = @Sendable (Data, Application) async throws -> Void
    private let runners = NIOLockedValueBox<[String: Runner]>([:])

    public func register<Job: QueueableJob>(_ type: Job.Type) {
        runners.withLockedValue {
            $0[Job.kind] = { data, application in try await JSONDecoder().decode(Job.self, from: data).run(in: application) }
        }
    }

    func runner(for kind: String) -> Runner? {
        runners.withLockedValue { $0[kind] }
    }

    var kinds: [String] {
        runners.withLockedValue { $0.keys.sorted() }
    }
}

extension Application {
    private struct JobKindsKey: StorageKey { typealias Value = JobKinds }

    public var jobKinds: JobKinds {
        if let kinds = storage[JobKindsKey.self] { return kinds }
        let kinds = JobKinds()
        storage[JobKindsKey.self] = kinds
        return kinds
    }
}
