import Fluent
import SQLKit

extension Database {
    /// Makes transactions that name the same `key` run one after the other, for changes whose
    /// reads decide their writes across several rows (two members asking each other at once). On
    /// PostgreSQL a transaction-scoped advisory lock, held until commit or rollback; on SQLite
    /// nothing more is needed, as `writeTransaction` already holds the only write lock. Call it
    /// first inside `writeTransaction`.
    public func serializeTransactions(on key: String) async throws {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(hashtextextended(\(bind: key), 0))").run()
    }
}
