import Fluent
import NIOConcurrencyHelpers
import SQLKit

extension Database {
    /// The transaction every change goes through. On SQLite it takes the write lock before its
    /// first read, as `BEGIN IMMEDIATE` would (Fluent's SQLite driver only says `BEGIN`): two
    /// transactions that read then write then wait for each other (`busy_timeout`), where the
    /// second would otherwise fail with "database is locked" because what it read is older than
    /// the first one's write. PostgreSQL's row locks and conflict checks need nothing more.
    /// Inside a transaction already, it runs `body` in that one. What `afterCommit` registers
    /// inside runs once the outermost one has committed, and never when it rolled back.
    public func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction {
            return try await body(self)
        }
        let actions = AfterCommitActions()
        let finishing = BeforeCommitActions()
        let result = try await transaction { db in
            if let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" {
                // Writes nothing (the table is the platform's own), but as the transaction's first
                // statement it takes the write lock, waiting for another writer if need be.
                try await sql.raw("DELETE FROM site_secrets WHERE 0").run()
            }
            // Set here, inside the driver's closure: the driver may run it in a task of its own,
            // which would not inherit a value set around `transaction`.
            return try await AfterCommitActions.$current.withValue(actions) {
                try await BeforeCommitActions.$current.withValue(finishing) {
                    let value = try await body(db)
                    try await finishing.run(on: db)
                    return value
                }
            }
        }
        await actions.run()
        return result
    }

    /// The batch named `key` of the enclosing `writeTransaction`, made by `make` the first time it
    /// is asked for; `flush` runs once, as the transaction's last statements before its commit.
    /// For writes that must take their locks together and last (the live bus's events: locks
    /// taken in one sorted order at the end cannot deadlock with another transaction's).
    /// Call it inside `writeTransaction` only.
    public func beforeCommitBatch<Batch: Sendable>(_ key: String, make: () -> Batch, flush: @escaping @Sendable (Batch, any Database) async throws -> Void) -> Batch {
        guard inTransaction, let finishing = BeforeCommitActions.current else {
            preconditionFailure("beforeCommitBatch(\(key)) outside writeTransaction")
        }
        return finishing.batch(key, make: make, flush: flush)
    }

    /// Runs `action` once the enclosing `writeTransaction` has committed (never if it rolls
    /// back); outside a transaction, at once. For effects others must not see before the data
    /// is there, such as waking the pages that will read it.
    public func afterCommit(_ action: @escaping @Sendable () async -> Void) async {
        if inTransaction, let actions = AfterCommitActions.current {
            actions.append(action)
        } else {
            if inTransaction {
                // A transaction opened with Fluent's `transaction` rather than `writeTransaction`:
                // its end cannot be awaited here, so the action runs now (a page may then read
                // before the commit and catch up on its next wake).
                logger.warning("afterCommit inside a transaction not opened by writeTransaction; running it at once")
            }
            await action()
        }
    }
}

/// What a `writeTransaction` runs after its commit, collected while it runs.
final class AfterCommitActions: Sendable {
    @TaskLocal static var current: AfterCommitActions?

    private let actions = NIOLockedValueBox<[@Sendable () async -> Void]>([])

    func append(_ action: @escaping @Sendable () async -> Void) {
        actions.withLockedValue { $0.append(action) }
    }

    func run() async {
        let pending = actions.withLockedValue { value in
            defer { value = [] }
            return value
        }
        for action in pending { await action() }
    }
}

/// What a `writeTransaction` writes last, just before its commit: batches collected while it ran.
final class BeforeCommitActions: Sendable {
    @TaskLocal static var current: BeforeCommitActions?

    private struct State {
        var batches: [String: any Sendable] = [:]
        var flushes: [@Sendable (any Database) async throws -> Void] = []
    }

    private let state = NIOLockedValueBox(State())

    func batch<Batch: Sendable>(_ key: String, make: () -> Batch, flush: @escaping @Sendable (Batch, any Database) async throws -> Void) -> Batch {
        state.withLockedValue { state in
            if let existing = state.batches[key] as? Batch { return existing }
            let batch = make()
            state.batches[key] = batch
            state.flushes.append { db in try await flush(batch, db) }
            return batch
        }
    }

    func run(on database: any Database) async throws {
        let flushes = state.withLockedValue { state in
            defer { state = State() }
            return state.flushes
        }
        for flush in flushes { try await flush(database) }
    }
}
