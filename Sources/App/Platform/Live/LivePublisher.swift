import Fluent
import Foundation
import Vapor

/// Something that happened which open pages show without reload: a new message, a read mark,
/// a changed count. `kind` names it for the page's script; `payload` is a small JSON object.
public struct LiveEvent: Sendable, Equatable {
    public let kind: String
    public let payload: String

    public init(kind: String, payload: String) {
        self.kind = kind
        self.payload = payload
    }

    /// An event whose payload is `value` as JSON.
    public init<T: Encodable>(kind: String, encoding value: T) throws {
        self.kind = kind
        self.payload = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}

/// The one way features deliver events to members' open pages, on this instance and the others
/// sharing the database. Called inside the writing transaction: what it records is delivered
/// once that transaction commits, and a page that reconnects resumes from the last event it saw.
/// A transaction may publish many events: they are written together as its last statements
/// (on PostgreSQL each recipient's log is locked then, in one order, until the commit, so
/// publishing transactions cannot deadlock). A kind is 1–64 of `a-z 0-9 . - _`;
/// a payload at most `LiveBus.maximumPayloadBytes`; both are programming errors otherwise.
public protocol LivePublisher: Sendable {
    func publish(_ event: LiveEvent, to members: [UUID], on database: any Database) async throws
}

extension Application {
    private struct LivePublisherKey: StorageKey { typealias Value = any LivePublisher }

    /// The platform's live bus (`LiveBus`), set by `configure`.
    public var livePublisher: any LivePublisher {
        get { storage[LivePublisherKey.self] ?? UnconfiguredLivePublisher() }
        set { storage[LivePublisherKey.self] = newValue }
    }
}

extension LiveEvent {
    /// A header badge's new count, by its `HeaderBadgeSource.name`: every open page of the
    /// member updates `[data-badge=name] .count` (site.js), whatever page it is.
    public static func badge(_ name: String, count: Int) throws -> LiveEvent {
        struct Badge: Encodable { let name: String; let count: Int }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return LiveEvent(kind: "badge", payload: String(decoding: try encoder.encode(Badge(name: name, count: count)), as: UTF8.self))
    }
}

/// What `livePublisher` answers in an application `configure` did not set up (a misuse): every
/// publish fails with an error saying so, instead of the process stopping.
struct UnconfiguredLivePublisher: LivePublisher {
    struct NotConfigured: Error, CustomStringConvertible {
        var description: String { "the live bus is not configured: configure calls useLiveDelivery before the features" }
    }

    func publish(_ event: LiveEvent, to members: [UUID], on database: any Database) async throws {
        throw NotConfigured()
    }
}
