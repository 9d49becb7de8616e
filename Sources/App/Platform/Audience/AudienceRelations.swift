import Fluent
import Foundation
import SQLKit

/// Whether one member blocks another, seen from one side.
public enum BlockState: String, Sendable, Equatable {
    /// The member blocks the other.
    case blocks
    /// The other blocks the member.
    case blockedBy
    /// Each blocks the other.
    case both
}

/// The relations between members that audiences and later features depend on. The platform
/// itself knows none: the feature that owns connections and blocks provides them
/// (`app.audienceRelations = …` in its `prepare`), and until one does, no one is connected and
/// no one is blocked.
public protocol AudienceRelations: Sendable {
    /// Whether `viewer` is one of `owner`'s connections.
    func isConnection(_ viewer: UUID, of owner: UUID, on database: any Database) async throws -> Bool

    /// Whether either member blocks the other (a block hides both ways).
    func isBlocked(between viewer: UUID, and owner: UUID, on database: any Database) async throws -> Bool

    /// Of `candidates`, those who are `member`'s connections (one query for a page of members).
    func connections(of member: UUID, among candidates: [UUID], on database: any Database) async throws -> Set<UUID>

    /// Of `candidates`, those `member` blocks or is blocked by, and which way.
    func blockStates(of member: UUID, among candidates: [UUID], on database: any Database) async throws -> [UUID: BlockState]

    /// A page of `member`'s connections, most recently connected first (pickers).
    func connectionIDs(of member: UUID, limit: Int, on database: any Database) async throws -> [UUID]

    /// A subquery of one column, the ids of the members `member` blocks or is blocked by, for
    /// `… NOT IN (…)` in lists of many members (directory, suggestions, conversations).
    func blockedEitherWaySQL(_ member: UUID) -> SQLQueryString
}

/// No relations yet: nobody is anybody's connection and nobody blocks anybody.
public struct NoAudienceRelations: AudienceRelations {
    public init() {}
    public func isConnection(_ viewer: UUID, of owner: UUID, on database: any Database) async throws -> Bool { false }
    public func isBlocked(between viewer: UUID, and owner: UUID, on database: any Database) async throws -> Bool { false }
    public func connections(of member: UUID, among candidates: [UUID], on database: any Database) async throws -> Set<UUID> { [] }
    public func blockStates(of member: UUID, among candidates: [UUID], on database: any Database) async throws -> [UUID: BlockState] { [:] }
    public func connectionIDs(of member: UUID, limit: Int, on database: any Database) async throws -> [UUID] { [] }
    // Typed, so PostgreSQL can compare it with a uuid column.
    public func blockedEitherWaySQL(_ member: UUID) -> SQLQueryString { "SELECT CAST(NULL AS uuid) WHERE 1 = 0" }
}
