import Fluent
import Vapor

/// `opendiaspora migrate`: applies pending migrations and exits, without asking — it runs in
/// deploy scripts with no one at the terminal. Migrations only go forward; there is no revert.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Apply pending database migrations and exit." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let application = context.application
        try await application.migrator.setupIfNeeded().get()
        let pending = try await application.migrator.previewPrepareBatch().get()
        guard !pending.isEmpty else {
            context.console.print("The database is up to date.")
            return
        }
        try await application.migrator.prepareBatch().get()
        for (migration, _) in pending {
            context.console.print("applied \(migration.name)")
        }
        context.console.print("Applied \(pending.count) migration(s).")
    }
}
