import Fluent
import Foundation
import Vapor

/// The bounds of connection requests, used by the rules, the pages and the API document.
enum ConnectionLimits {
    /// Characters in a request's note.
    static let note = 500
    /// Requests a member may have waiting for an answer at once (as they see them: a declined
    /// request still counts, since its sender is never told).
    static let openOutgoing = 50
    /// When the open requests are at the cap, try again after this long (answers free places).
    static let openOutgoingRetryAfter = 3600
    /// New requests per member per day (a fixed window, counted across instances).
    static let newPerDay = RateLimitRule(name: "connection-requests", limit: 30, window: 24 * 3600)
    /// Items per page of every list of this feature.
    static let pageSize = 20
}

/// The kinds of notifications connections announce (registered in `ConnectionsFeature.prepare`).
/// Their ids are stored with every notification and preference: never rename one.
enum ConnectionNotifications {
    static let requestReceived = NotificationKind(
        id: "connections.request-received",
        labelKey: "connections.notification.requestReceived.label",
        textKey: "connections.notification.requestReceived", defaultDelivery: .daily)
    static let requestAccepted = NotificationKind(
        id: "connections.request-accepted",
        labelKey: "connections.notification.requestAccepted.label",
        textKey: "connections.notification.requestAccepted", defaultDelivery: .daily)
}

/// Connection requests, connections and blocks: every rule lives here, once, for pages, the API
/// and commands. It takes the database, the clock and the notifier, never a request; every change
/// is one `writeTransaction`, and what it announces is announced inside it.
///
/// Rules: only members with a verified address send requests (403 otherwise); the other member
/// must be listable (not suspended, address verified), not oneself (422) and not on either side
/// of a block — a block answers exactly as a member who does not exist (404), so it stays
/// silent. A decline is never told: the sender keeps seeing the request as sent, and asking
/// again changes nothing for the recipient.
struct ConnectionService: Sendable {
    let database: any Database
    let clock: any SiteClock
    let notifier: any Notifier

    enum RequestOutcome: Sendable, Equatable {
        /// The request waits for an answer (as the sender sees it).
        case sent(UUID)
        /// The two are connected (the other had asked first, or already were).
        case connected
    }

    /// Asks `target` to connect. Throws `FormErrors` (note, memberID), 404, 403 or `RateLimited`.
    func request(from principal: Principal, to target: UUID, note rawNote: String?) async throws -> RequestOutcome {
        guard principal.isEmailVerified else { throw AccessDenied(.emailNotVerified) }
        var errors = FormErrors()
        let note = Self.checkedNote(rawNote ?? "", into: &errors)
        if target == principal.memberID { errors.add("memberID", "connections.error.self") }
        if !errors.isEmpty { throw errors }
        let me = principal.memberID, now = ConnectionTime.stamp(clock.now), notifier = self.notifier, clock = self.clock
        return try await database.writeTransaction { db in
            try await db.serializeTransactions(on: Self.lockKey(me, target))
            try await Self.requireReachable(target, from: me, on: db)
            if try await ConnectionRelations().isConnection(me, of: target, on: db) { return .connected }
            let key = ConnectionRequest.pairKey(me, target)
            if let existing = try await ConnectionRequest.query(on: db).filter(\.$pairKey == key).first() {
                if existing.requesterID == me {
                    // Already sent (maybe declined, which the sender never learns): nothing changes,
                    // unless they had withdrawn a declined one, which comes back as sent to them alone.
                    guard existing.withdrawnAt != nil else { return .sent(try existing.requireID()) }
                    try await Self.checkCaps(me, on: db, clock: clock)
                    existing.withdrawnAt = nil
                    existing.note = note
                    existing.createdAt = now
                    try await existing.save(on: db)
                    return .sent(try existing.requireID())
                }
                if existing.withdrawnAt == nil {
                    // They asked first: asking them back accepts theirs.
                    try await Self.accept(existing, at: now, on: db, notifier: notifier)
                    return .connected
                }
                try await existing.delete(on: db)
            }
            try await Self.checkCaps(me, on: db, clock: clock)
            let request = ConnectionRequest(requester: me, recipient: target, note: note, at: now)
            try await request.create(on: db)
            let id = try request.requireID()
            try await notifier.announce(Announcement(
                kind: ConnectionNotifications.requestReceived, recipient: target, actor: me,
                groupKey: id.uuidString.lowercased(), link: ConnectionsURL.received.path), on: db)
            return .sent(id)
        }
    }

    /// Accepts a request `principal` received (waiting, or declined earlier).
    func accept(_ requestID: UUID, by principal: Principal) async throws {
        let now = ConnectionTime.stamp(clock.now), notifier = self.notifier
        try await database.writeTransaction { db in
            let seen = try await Self.received(requestID, by: principal.memberID, states: [.pending, .declined], on: db)
            try await db.serializeTransactions(on: Self.lockKey(seen.requesterID, seen.recipientID))
            // Read again behind the lock: an accept or a block at the same moment may have changed it.
            let request = try await Self.received(requestID, by: principal.memberID, states: [.pending, .declined], on: db)
            try await Self.accept(request, at: now, on: db, notifier: notifier)
        }
    }

    /// Declines a waiting request: the sender is not told, and cannot ask again.
    func decline(_ requestID: UUID, by principal: Principal) async throws {
        let now = ConnectionTime.stamp(clock.now), notifier = self.notifier
        try await database.writeTransaction { db in
            let request = try await Self.received(requestID, by: principal.memberID, states: [.pending], on: db)
            request.state = .declined
            request.respondedAt = now
            try await request.save(on: db)
            try await notifier.markSeen(ConnectionNotifications.requestReceived, groupKey: requestID.uuidString.lowercased(), by: principal.memberID, on: db)
        }
    }

    /// Withdraws a request `principal` sent (as they see it: waiting, or declined unbeknown to them).
    func withdraw(_ requestID: UUID, by principal: Principal) async throws {
        let now = ConnectionTime.stamp(clock.now), notifier = self.notifier
        try await database.writeTransaction { db in
            guard let request = try await ConnectionRequest.query(on: db).filter(\.$id == requestID)
                .filter(\.$requesterID == principal.memberID).filter(\.$state ~~ [.pending, .declined]).filter(\.$withdrawnAt == nil).first()
            else { throw Abort(.notFound) }
            if request.state == .pending {
                try await request.delete(on: db)
                try await notifier.withdraw(ConnectionNotifications.requestReceived, groupKey: requestID.uuidString.lowercased(), to: request.recipientID, on: db)
            } else {
                // Declined: kept, so asking again still reaches no one.
                request.withdrawnAt = now
                try await request.save(on: db)
            }
        }
    }

    /// Ends the connection between `principal` and `other` (either side may).
    func remove(connectionWith other: UUID, by principal: Principal) async throws {
        let me = principal.memberID
        try await database.writeTransaction { db in
            try await db.serializeTransactions(on: Self.lockKey(me, other))
            guard try await MemberConnection.query(on: db).filter(\.$memberID == me).filter(\.$otherID == other).first() != nil
            else { throw Abort(.notFound) }
            try await Self.disconnect(me, other, on: db)
            try await ConnectionRequest.query(on: db).filter(\.$pairKey == ConnectionRequest.pairKey(me, other)).delete()
        }
    }

    /// Blocks `other`: silently, ending any connection and request between them either way.
    /// Blocking someone already blocked changes nothing.
    func block(_ other: UUID, by principal: Principal) async throws {
        let me = principal.memberID, now = ConnectionTime.stamp(clock.now), notifier = self.notifier
        if other == me {
            var errors = FormErrors()
            errors.add("memberID", "connections.error.selfBlock")
            throw errors
        }
        try await database.writeTransaction { db in
            try await db.serializeTransactions(on: Self.lockKey(me, other))
            guard let member = try await Member.find(other, on: db), member.isListable else { throw Abort(.notFound) }
            guard try await MemberBlock.query(on: db).filter(\.$blockerID == me).filter(\.$blockedID == other).first() == nil else { return }
            try await MemberBlock(blocker: me, blocked: other, at: now).create(on: db)
            try await Self.disconnect(me, other, on: db)
            if let request = try await ConnectionRequest.query(on: db).filter(\.$pairKey == ConnectionRequest.pairKey(me, other)).first() {
                let key = try request.requireID().uuidString.lowercased()
                try await notifier.withdraw(ConnectionNotifications.requestReceived, groupKey: key, to: request.recipientID, on: db)
                try await notifier.withdraw(ConnectionNotifications.requestAccepted, groupKey: key, to: request.requesterID, on: db)
                try await request.delete(on: db)
            }
        }
    }

    /// Lifts `principal`'s block of `other` (404 when there is none).
    func unblock(_ other: UUID, by principal: Principal) async throws {
        let me = principal.memberID
        try await database.writeTransaction { db in
            guard let block = try await MemberBlock.query(on: db).filter(\.$blockerID == me).filter(\.$blockedID == other).first()
            else { throw Abort(.notFound) }
            try await block.delete(on: db)
        }
    }

    // MARK: rules shared by the actions

    /// Changes between one pair of members run one at a time (two requests crossing, two
    /// accepts, a block during an accept), so none fails on a unique index halfway.
    static func lockKey(_ one: UUID, _ other: UUID) -> String { "connections:" + ConnectionRequest.pairKey(one, other) }

    /// The note under the platform's text rule (line breaks kept).
    static func checkedNote(_ note: String, into errors: inout FormErrors) -> String {
        switch PlainTextRule(maxCharacters: ConnectionLimits.note, allowsLineBreaks: true).check(note) {
        case .success(let kept): return kept
        case .failure(.tooLong): errors.add("note", "connections.error.noteTooLong", ["max": "\(ConnectionLimits.note)"])
        case .failure(.characters): errors.add("note", "connections.error.noteCharacters")
        }
        return note
    }

    /// A member one may ask: listable and not blocked either way; otherwise the same 404 as nobody.
    static func requireReachable(_ target: UUID, from me: UUID, on db: any Database) async throws {
        guard let member = try await Member.find(target, on: db), member.isListable,
              try await !ConnectionRelations().isBlocked(between: me, and: target, on: db)
        else { throw Abort(.notFound) }
    }

    /// The caps on requests: open ones at once, then new ones per day (counted only when the
    /// request is really made).
    static func checkCaps(_ me: UUID, on db: any Database, clock: any SiteClock) async throws {
        let open = try await ConnectionRequest.query(on: db).filter(\.$requesterID == me)
            .filter(\.$state ~~ [.pending, .declined]).filter(\.$withdrawnAt == nil).count()
        if open >= ConnectionLimits.openOutgoing { throw RateLimited(retryAfter: ConnectionLimits.openOutgoingRetryAfter) }
        try await RateLimiter(database: db, clock: clock).hit(ConnectionLimits.newPerDay, key: me.uuidString)
    }

    /// A request `me` received, in one of `states`, not withdrawn; 404 otherwise.
    static func received(_ id: UUID, by me: UUID, states: [ConnectionRequestState], on db: any Database) async throws -> ConnectionRequest {
        guard let request = try await ConnectionRequest.query(on: db).filter(\.$id == id).filter(\.$recipientID == me)
            .filter(\.$state ~~ states).filter(\.$withdrawnAt == nil).first()
        else { throw Abort(.notFound) }
        return request
    }

    static func accept(_ request: ConnectionRequest, at now: Date, on db: any Database, notifier: any Notifier) async throws {
        request.state = .accepted
        request.respondedAt = now
        request.connectedAt = now
        try await request.save(on: db)
        try await MemberConnection(member: request.requesterID, other: request.recipientID, at: now).create(on: db)
        try await MemberConnection(member: request.recipientID, other: request.requesterID, at: now).create(on: db)
        let key = try request.requireID().uuidString.lowercased()
        try await notifier.markSeen(ConnectionNotifications.requestReceived, groupKey: key, by: request.recipientID, on: db)
        try await notifier.announce(Announcement(
            kind: ConnectionNotifications.requestAccepted, recipient: request.requesterID, actor: request.recipientID,
            groupKey: key, link: ConnectionsURL.connections.path), on: db)
    }

    static func disconnect(_ one: UUID, _ other: UUID, on db: any Database) async throws {
        try await MemberConnection.query(on: db).group(.or) { either in
            either.group(.and) { $0.filter(\.$memberID == one).filter(\.$otherID == other) }
            either.group(.and) { $0.filter(\.$memberID == other).filter(\.$otherID == one) }
        }.delete()
    }
}

/// Times this feature stores are whole milliseconds, so a list's cursor names a row's time
/// exactly on both databases.
enum ConnectionTime {
    static func stamp(_ time: Date) -> Date { date(milliseconds: milliseconds(time)) }
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}

extension Application {
    /// Connections for commands, jobs and features without a request (the notifier is read when
    /// used, so a Notifications feature listed later is the one announcing).
    var connections: ConnectionService { ConnectionService(database: db, clock: clock, notifier: notifier) }
}

extension Request {
    var connections: ConnectionService { ConnectionService(database: db, clock: application.clock, notifier: application.notifier) }
}
