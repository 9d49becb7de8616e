import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Answers whether the database can serve queries right now, within a bounded time, for `/readyz`.
struct DatabaseHealth: Sendable {
    let location: AppConfiguration.DatabaseLocation
    let timeout: Duration

    func isReachable(_ database: any Database) async -> Bool {
        // An SQLite file deleted under a running server still answers through the open handle;
        // the data would be lost at restart, so that counts as not ready.
        if case .sqliteFile(let path) = location, !FileManager.default.fileExists(atPath: path) {
            return false
        }
        guard let sql = database as? any SQLDatabase else { return false }
        return await Self.firstOf(timeout: timeout) {
            (try? await sql.raw("SELECT 1 AS ok").first()) != nil
        }
    }

    /// Runs `check` but answers `false` once `timeout` passes, even if the check is still waiting
    /// on a connection that will never come.
    private static func firstOf(timeout: Duration, _ check: @escaping @Sendable () async -> Bool) async -> Bool {
        let answered = NIOLockedValueBox(false)
        return await withCheckedContinuation { continuation in
            let resume: @Sendable (Bool) -> Void = { value in
                let first = answered.withLockedValue { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: value) }
            }
            Task { resume(await check()) }
            Task {
                try? await Task.sleep(for: timeout)
                resume(false)
            }
        }
    }
}
