import Fluent
import Vapor

/// Removes sessions past their lifetime and mail links long expired (housekeeping).
enum AccountHousekeeping {
    static func run(_ application: Application) async throws {
        let now = application.clock.now
        try await MemberSession.query(on: application.db).group(.or) {
            $0.filter(\.$lastSeenAt < now.addingTimeInterval(-SessionCookie.idleLifetime))
                .filter(\.$createdAt < now.addingTimeInterval(-SessionCookie.absoluteLifetime))
        }.delete()
        try await AccountToken.query(on: application.db).filter(\.$expiresAt < now.addingTimeInterval(-7 * 24 * 3600)).delete()
    }
}
