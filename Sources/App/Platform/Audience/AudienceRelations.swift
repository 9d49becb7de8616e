import Fluent
import Foundation

/// The relations between members that audiences depend on. The platform itself knows none: the
/// feature that owns connections and blocks provides them (`app.audienceRelations = …` in its
/// `prepare`), and until one does, no one is connected and no one is blocked.
public protocol AudienceRelations: Sendable {
    /// Whether `viewer` is one of `owner`'s connections.
    func isConnection(_ viewer: UUID, of owner: UUID, on database: any Database) async throws -> Bool

    /// Whether either member blocks the other (a block hides both ways).
    func isBlocked(between viewer: UUID, and owner: UUID, on database: any Database) async throws -> Bool
}

/// No relations yet: nobody is anybody's connection and nobody blocks anybody.
public struct NoAudienceRelations: AudienceRelations {
    public init() {}
    public func isConnection(_ viewer: UUID, of owner: UUID, on database: any Database) async throws -> Bool { false }
    public func isBlocked(between viewer: UUID, and owner: UUID, on database: any Database) async throws -> Bool { false }
}
