import Fluent
import Vapor

/// Personal access tokens, always through the member who owns them: another member's token is
/// never found, so it can be neither listed nor revoked.
enum APITokenQueries {
    static let nameLength = 1...60
    /// Enough for every script and device a person runs; stops a runaway loop filling the table.
    static let maximumPerMember = 50

    static func list(for principal: Principal, on db: any Database) async throws -> [APIToken] {
        try await APIToken.query(on: db)
            .filter(\.$member.$id == principal.memberID)
            .sort(\.$createdAt, .descending)
            .limit(maximumPerMember)
            .all()
    }

    /// Creates a token and returns it with its secret (the only time the secret exists outside the client).
    static func create(name: String, for principal: Principal, on db: any Database) async throws -> (token: APIToken, secret: String) {
        var errors = FormErrors()
        let checked = PlainTextRule(maxCharacters: nameLength.upperBound).check(name)
        let trimmed = (try? checked.get()) ?? ""
        if case .failure = checked {
            errors.add("name", "token.error.name.invalid", ["max": "\(nameLength.upperBound)"])
        } else if trimmed.isEmpty {
            errors.add("name", "token.error.name.missing")
        } else if try await APIToken.query(on: db).filter(\.$member.$id == principal.memberID).count() >= maximumPerMember {
            errors.add("name", "token.error.tooMany", ["max": "\(maximumPerMember)"])
        }
        guard errors.isEmpty else { throw errors }
        let secret = APIToken.prefix + SecureToken.generate()
        let token = APIToken(memberID: principal.memberID, name: trimmed, tokenHash: SecureToken.digest(secret))
        try await token.create(on: db)
        return (token, secret)
    }

    /// Revokes the member's own token; false when there is no such token of theirs.
    /// Streams opened with it close (`live`: the application's `livePublisher`).
    static func revoke(_ id: UUID, for principal: Principal, live: any LivePublisher, on db: any Database) async throws -> Bool {
        try await db.writeTransaction { db in
            guard let token = try await APIToken.query(on: db)
                .filter(\.$id == id).filter(\.$member.$id == principal.memberID).first()
            else { return false }
            try await token.delete(on: db)
            try await live.publish(.signInsEnded, to: [principal.memberID], on: db)
            return true
        }
    }
}
