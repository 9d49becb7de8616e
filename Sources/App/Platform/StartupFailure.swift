import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// Turns an error that stops the server from starting into one line an operator can act on,
/// without a stack trace and without the database password.
public enum StartupFailure {
    public static func describe(_ error: any Error, database: AppConfiguration.DatabaseLocation?) -> String {
        switch error {
        case let configuration as ConfigurationError:
            return configuration.description
        case let postgres as PSQLError:
            let target = database.map(Self.describe) ?? "the database"
            var reason = postgres.serverInfo?[.message] ?? (postgres.code == .connectionError ? "could not connect" : "\(postgres.code)")
            if let underlying = postgres.underlying { reason += ": \(underlying)" }
            return "cannot use \(target): \(reason)"
        case let sqlite as SQLiteError:
            let target = database.map(Self.describe) ?? "the database"
            return "cannot use \(target): \(sqlite.message)"
        default:
            return String(describing: error)
        }
    }

    /// The database named without its password.
    static func describe(_ location: AppConfiguration.DatabaseLocation) -> String {
        switch location {
        case .sqliteFile(let path): return "the SQLite file \(path)"
        case .sqliteMemory: return "the in-memory SQLite database"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "the PostgreSQL database" }
            components.password = nil
            components.query = nil
            return "the PostgreSQL database \(components.string ?? "")"
        }
    }
}
