import Fluent
import Foundation
import SQLKit

/// Writes many profiles at once — rows, coded values and search documents — in three statements,
/// for bulk loads (demo data, benchmarks, imports). Callers run it inside their transaction,
/// after the members exist, with values already valid (no photo, no links).
enum ProfileBulkInsert {
    static func insert(_ profiles: [ProfileDetails], createdAt: Date, reference: ReferenceData, on database: any Database) async throws {
        guard !profiles.isEmpty else { return }
        let sql = database as! any SQLDatabase
        try await sql.insert(into: MemberProfile.schema)
            .columns("member_id", "headline", "bio", "city", "visibility", "open_to_contact", "links", "created_at", "updated_at")
            .rows(profiles.map { profile -> [any SQLExpression] in
                [SQLBind(profile.memberID), SQLBind(profile.headline), SQLBind(profile.bio), SQLBind(profile.city),
                 SQLBind(profile.visibility.rawValue), SQLBind(profile.openToContact), SQLBind("[]"), SQLBind(createdAt), SQLBind(createdAt)]
            })
            .run()
        let tags = profiles.flatMap { ProfileTags.rows($0.codes, for: $0.memberID) }
        if !tags.isEmpty {
            try await sql.insert(into: ProfileTags.schema).columns("member_id", "kind", "code", "position").rows(tags).run()
        }
        try await FullTextSearch.insert(profiles.map { profile in
            (documentID: ProfileSearchDocument.documentID(profile.memberID), document: ProfileSearchDocument.document(of: profile, reference: reference))
        }, in: ProfileSearchDocument.index, on: database)
    }
}
