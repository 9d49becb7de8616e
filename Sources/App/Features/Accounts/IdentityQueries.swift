import Fluent
import SQLKit
import Vapor

/// The linked sign-in methods of the acting member, and unlinking them without locking the
/// member out.
enum IdentityQueries {
    /// Unlinking would leave the member no way to sign in.
    struct LastSignInMethod: Error {}

    /// The member's linked methods, oldest first.
    static func list(for principal: Principal, on database: any Database) async throws -> [MemberIdentity] {
        try await MemberIdentity.query(on: database)
            .filter(\.$member.$id == principal.memberID)
            .sort(\.$createdAt).sort(\.$id)
            .range(..<50)
            .all()
    }

    /// Removes one of the member's own links (false when it is not theirs). Refused when nothing
    /// else would sign the member in: no password and no other link to a provider that is on.
    static func unlink(_ id: UUID, for principal: Principal, providersOn: [SignInProvider.ID], on database: any Database) async throws -> Bool {
        try await database.writeTransaction { db in
            // Two unlinks at once must not each count the other's method as still there.
            if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
                _ = try await sql.raw("SELECT id FROM \(ident: Member.schema) WHERE id = \(bind: principal.memberID) FOR UPDATE").all()
            }
            guard let identity = try await MemberIdentity.query(on: db)
                .filter(\.$id == id).filter(\.$member.$id == principal.memberID).first()
            else { return false }
            guard let member = try await Member.find(principal.memberID, on: db) else { return false }
            if member.passwordHash == nil {
                guard !providersOn.isEmpty else { throw LastSignInMethod() }
                let others = try await MemberIdentity.query(on: db)
                    .filter(\.$member.$id == principal.memberID).filter(\.$id != id)
                    .filter(\.$provider ~~ providersOn.map(\.rawValue))
                    .count()
                guard others > 0 else { throw LastSignInMethod() }
            }
            try await identity.delete(on: db)
            return true
        }
    }

    /// The label of a stored identity's provider, also when that provider has been switched off.
    static func providerName(_ raw: String, providers: [SignInProvider]) -> String {
        if let provider = providers.first(where: { $0.id.rawValue == raw }) { return provider.name }
        return (SignInProvider.ID(rawValue: raw) ?? .oidc).standardName
    }
}
