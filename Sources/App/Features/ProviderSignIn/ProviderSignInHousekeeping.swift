import Fluent
import Vapor

/// Removes trips to providers and newcomers' confirmations that were never finished.
enum ProviderSignInHousekeeping {
    static func run(_ application: Application) async throws {
        let now = application.clock.now
        try await ProviderSignInAttempt.query(on: application.db).filter(\.$expiresAt < now).delete()
        try await PendingProviderSignUp.query(on: application.db).filter(\.$expiresAt < now).delete()
    }
}
