import Fluent
import Foundation
import SQLKit

/// A profile's coded values, each list in the order the member gave it.
struct ProfileCodes: Sendable, Equatable, Codable {
    var origins: [String] = []
    var residence: String?
    var languages: [String] = []
    var expertise: [String] = []
    var interests: [String] = []

    func codes(_ kind: ProfileTagKind) -> [String] {
        switch kind {
        case .origin: origins
        case .residence: residence.map { [$0] } ?? []
        case .language: languages
        case .skill: expertise
        case .interest: interests
        }
    }

    mutating func append(_ code: String, as kind: ProfileTagKind) {
        switch kind {
        case .origin: origins.append(code)
        case .residence: residence = code
        case .language: languages.append(code)
        case .skill: expertise.append(code)
        case .interest: interests.append(code)
        }
    }
}

/// Reads and writes the `profile_tags` rows of profiles.
enum ProfileTags {
    static let schema = "profile_tags"

    /// Replaces a member's coded values (inside the caller's transaction).
    static func replace(_ codes: ProfileCodes, for memberID: UUID, on database: any SQLDatabase) async throws {
        try await database.delete(from: schema).where("member_id", .equal, memberID).run()
        let rows = rows(codes, for: memberID)
        guard !rows.isEmpty else { return }
        try await database.insert(into: schema).columns("member_id", "kind", "code", "position").rows(rows).run()
    }

    /// The bound values of the rows that hold `codes`.
    static func rows(_ codes: ProfileCodes, for memberID: UUID) -> [[any SQLExpression]] {
        ProfileTagKind.allCases.flatMap { kind in
            codes.codes(kind).enumerated().map { position, code in
                [SQLBind(memberID), SQLBind(kind.rawValue), SQLBind(code), SQLBind(position)] as [any SQLExpression]
            }
        }
    }

    /// The coded values of several members in one query.
    static func load(for memberIDs: [UUID], on database: any SQLDatabase) async throws -> [UUID: ProfileCodes] {
        guard !memberIDs.isEmpty else { return [:] }
        let rows = try await database.select().columns("member_id", "kind", "code").from(schema)
            .where("member_id", .in, memberIDs)
            .orderBy("member_id").orderBy("kind").orderBy("position")
            .all()
        var codes: [UUID: ProfileCodes] = [:]
        for row in rows {
            guard let kind = ProfileTagKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            codes[try row.decode(column: "member_id", as: UUID.self), default: ProfileCodes()].append(try row.decode(column: "code", as: String.self), as: kind)
        }
        return codes
    }
}
