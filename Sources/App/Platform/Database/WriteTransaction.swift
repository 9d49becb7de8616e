import Fluent
import SQLKit

extension Database {
    /// The transaction every change goes through. On SQLite it takes the write lock before its
    /// first read, as `BEGIN IMMEDIATE` would (Fluent's SQLite driver only says `BEGIN`): two
    /// transactions that read then write then wait for each other (`busy_timeout`), where the
    /// second would otherwise fail with "database is locked" because what it read is older than
    /// the first one's write. PostgreSQL's row locks and conflict checks need nothing more.
    /// Inside a transaction already, it runs `body` in that one.
    public func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await transaction { db in
            if !self.inTransaction, let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" {
                // Writes nothing (the table is the platform's own), but as the transaction's first
                // statement it takes the write lock, waiting for another writer if need be.
                try await sql.raw("DELETE FROM site_secrets WHERE 0").run()
            }
            return try await body(db)
        }
    }
}
