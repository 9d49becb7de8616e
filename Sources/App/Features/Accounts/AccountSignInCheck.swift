import Fluent
import Foundation
import Vapor

/// Tells open event streams whether the session or token they were opened with still signs the
/// member in, by the same rules the authenticator applies to each request.
struct AccountSignInCheck: SignInCheck {
    /// The site clock's time when asked (tests set their clock after the features are installed).
    let now: @Sendable () -> Date

    func isCurrent(_ credential: Principal.Credential, of member: UUID, on database: any Database) async throws -> Bool {
        switch credential {
        case .session(let id, _):
            guard let found = try await MemberSession.query(on: database)
                .join(Member.self, on: \MemberSession.$member.$id == \Member.$id)
                .filter(\.$id == id).filter(\.$member.$id == member)
                .first(),
                let account = try? found.joined(Member.self)
            else { return false }
            return !account.isSuspended && !found.hasExpired(at: now())
        case .apiToken(let id):
            guard let found = try await APIToken.query(on: database)
                .join(Member.self, on: \APIToken.$member.$id == \Member.$id)
                .filter(\.$id == id).filter(\.$member.$id == member)
                .first(),
                let account = try? found.joined(Member.self)
            else { return false }
            return !account.isSuspended
        }
    }
}
