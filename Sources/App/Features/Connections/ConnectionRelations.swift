import Fluent
import Foundation
import SQLKit

/// Connections and blocks as the audience policy and later features read them: each question is
/// one indexed query (`member_connections` by (member, other), `member_blocks` both ways).
struct ConnectionRelations: AudienceRelations {
    func isConnection(_ viewer: UUID, of owner: UUID, on database: any Database) async throws -> Bool {
        try await MemberConnection.query(on: database).filter(\.$memberID == owner).filter(\.$otherID == viewer).first() != nil
    }

    func isBlocked(between viewer: UUID, and owner: UUID, on database: any Database) async throws -> Bool {
        try await MemberBlock.query(on: database).group(.or) { either in
            either.group(.and) { $0.filter(\.$blockerID == viewer).filter(\.$blockedID == owner) }
            either.group(.and) { $0.filter(\.$blockerID == owner).filter(\.$blockedID == viewer) }
        }.first() != nil
    }

    func connections(of member: UUID, among candidates: [UUID], on database: any Database) async throws -> Set<UUID> {
        guard !candidates.isEmpty else { return [] }
        let rows = try await MemberConnection.query(on: database).filter(\.$memberID == member).filter(\.$otherID ~~ candidates).all()
        return Set(rows.map(\.otherID))
    }

    func blockStates(of member: UUID, among candidates: [UUID], on database: any Database) async throws -> [UUID: BlockState] {
        guard !candidates.isEmpty else { return [:] }
        let rows = try await MemberBlock.query(on: database).group(.or) { either in
            either.group(.and) { $0.filter(\.$blockerID == member).filter(\.$blockedID ~~ candidates) }
            either.group(.and) { $0.filter(\.$blockedID == member).filter(\.$blockerID ~~ candidates) }
        }.all()
        var states: [UUID: BlockState] = [:]
        for row in rows {
            let other = row.blockerID == member ? row.blockedID : row.blockerID
            let state: BlockState = row.blockerID == member ? .blocks : .blockedBy
            if let existing = states[other], existing != state { states[other] = .both } else { states[other] = state }
        }
        return states
    }

    func connectionIDs(of member: UUID, limit: Int, on database: any Database) async throws -> [UUID] {
        try await MemberConnection.query(on: database).filter(\.$memberID == member)
            .sort(\.$connectedAt, .descending).sort(\.$otherID, .descending).limit(max(0, limit)).all().map(\.otherID)
    }

    func blockedEitherWaySQL(_ member: UUID) -> SQLQueryString {
        "SELECT blocked_id FROM \(ident: MemberBlock.schema) WHERE blocker_id = \(bind: member) UNION ALL SELECT blocker_id FROM \(ident: MemberBlock.schema) WHERE blocked_id = \(bind: member)"
    }
}
