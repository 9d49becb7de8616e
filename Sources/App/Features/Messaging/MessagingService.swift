import Fluent
import Foundation
import SQLKit
import Vapor

/// Every rule of conversations, once, for pages, the API and demo data: who may write to whom
/// (connections at once; others open to contact through a message request; new and unverified
/// accounts only to connections; a daily cap with strangers), blocks, group size, the edit
/// window. Takes the database, clock, relations, audience policy, notifier and live publisher,
/// never a request. Field problems are `FormErrors`; what the member may not reach is a 404.
struct MessagingService: Sendable {
    let database: any Database
    let clock: any SiteClock
    let relations: any AudienceRelations
    let notifier: any Notifier
    let live: any LivePublisher

    var policy: AudiencePolicy { AudiencePolicy(relations: relations) }

    /// New conversations a member may start in a day with members they are not connected with.
    static let newConversationsWithStrangers = RateLimitRule(name: "messaging-new-strangers", limit: 20, window: 24 * 3600)

    private var nowMicros: Int64 { Micros.from(clock.now) }

    // MARK: starting

    /// Writes `body` to `recipient`: in the one-to-one conversation they already share, or in a
    /// new one (a message request when they are not connected). Returns the conversation's id.
    func startDirect(from principal: Principal, to recipient: UUID?, body: String?) async throws -> UUID {
        let me = principal.memberID
        guard let recipient else { throw Self.fieldError("to", "messaging.error.recipient") }
        guard recipient != me else { throw Self.fieldError("to", "messaging.error.self") }
        guard let other = try await Member.find(recipient, on: database), !other.isSuspended,
              try await !relations.isBlocked(between: me, and: recipient, on: database)
        else { throw Abort(.notFound) }
        let text = try MessageText.required(body)
        if let existing = try await Conversation.query(on: database).filter(\.$pairKey == Conversation.pairKey(me, recipient)).first() {
            let id = existing.id!
            try await database.writeTransaction { db in
                // Writing oneself is taking part again (after declining their request, say).
                try await ConversationParticipant.query(on: db).filter(\.$conversationID == id).filter(\.$memberID == me)
                    .filter(\.$state != .active).set(\.$state, to: .active).update()
            }
            _ = try await send(text, to: id, by: principal)
            return id
        }
        let connected = try await relations.isConnection(recipient, of: me, on: database)
        if !connected {
            guard let profile = try await ProfileQueries.visible(recipient, to: principal, by: policy, on: database)
            else { throw Abort(.notFound) }
            guard principal.isEmailVerified else { throw Self.fieldError("to", "messaging.error.unverified") }
            let joined = try await Member.find(me, on: database)?.createdAt ?? .distantPast
            guard clock.now.timeIntervalSince(joined) >= MessagingLimits.newAccountAge else { throw Self.fieldError("to", "messaging.error.newAccount") }
            guard profile.openToContact else { throw Self.fieldError("to", "messaging.error.notOpen") }
        }
        let now = nowMicros
        let clock = self.clock
        let conversation = Conversation(kind: .direct, title: nil, pairKey: Conversation.pairKey(me, recipient), creatorID: me, now: now)
        try await database.writeTransaction { db in
            if !connected {
                try await RateLimiter(database: db, clock: clock).hit(Self.newConversationsWithStrangers, key: me.uuidString)
            }
            try await conversation.create(on: db)
            try await ConversationParticipant(conversationID: conversation.id!, memberID: me, peerID: recipient, state: .active, now: now).create(on: db)
            try await ConversationParticipant(conversationID: conversation.id!, memberID: recipient, peerID: me, state: connected ? .active : .requested, now: now, showsRead: connected).create(on: db)
            if !connected {
                // The request, not each message of it, is announced.
                try await self.notifier.announce(Announcement(kind: MessagingNotices.request, recipient: recipient, actor: me,
                                                              groupKey: conversation.id!.uuidString, link: MessagingURL.requests.path), on: db)
            }
            _ = try await self.insert(text, into: conversation, by: principal, on: db)
        }
        return conversation.id!
    }

    /// Starts a group conversation titled `title` with `members` (the creator's connections),
    /// and writes `body` in it if there is one.
    func startGroup(by principal: Principal, title: String?, members: [UUID], body: String?) async throws -> UUID {
        let me = principal.memberID
        var errors = FormErrors()
        var checkedTitle = ""
        switch PlainTextRule(maxCharacters: MessagingLimits.title).check(title ?? "") {
        case .success(let value) where !value.isEmpty: checkedTitle = value
        case .success: errors.add("title", "messaging.error.title.empty")
        case .failure(.tooLong): errors.add("title", "messaging.error.title.tooLong", ["max": String(MessagingLimits.title)])
        case .failure(.characters): errors.add("title", "messaging.error.characters")
        }
        let others = Self.unique(members.filter { $0 != me })
        if others.isEmpty { errors.add("members", "messaging.error.members.empty") }
        if others.count + 1 > MessagingLimits.groupSize { errors.add("members", "messaging.error.members.tooMany", ["max": String(MessagingLimits.groupSize)]) }
        var text: String?
        do {
            let checked = try MessageText.check(body ?? "")
            text = checked.isEmpty ? nil : checked
        } catch let bodyErrors as FormErrors {
            for entry in bodyErrors.entries { errors.add(entry.field, entry.key, entry.arguments) }
        }
        if errors.isEmpty, try await !onlyConnections(others, of: me) { errors.add("members", "messaging.error.members.connections") }
        guard errors.isEmpty else { throw errors }
        let now = nowMicros
        let firstMessage = text
        let conversation = Conversation(kind: .group, title: checkedTitle, pairKey: nil, creatorID: me, now: now)
        try await database.writeTransaction { db in
            try await conversation.create(on: db)
            try await ([me] + others).map {
                ConversationParticipant(conversationID: conversation.id!, memberID: $0, peerID: nil, state: .active, now: now)
            }.create(on: db)
            if let firstMessage { _ = try await self.insert(firstMessage, into: conversation, by: principal, on: db) }
        }
        return conversation.id!
    }

    /// Whether every one of `members` is `member`'s connection and no block stands between them.
    private func onlyConnections(_ members: [UUID], of member: UUID) async throws -> Bool {
        let connected = try await relations.connections(of: member, among: members, on: database)
        guard connected.count == Set(members).count else { return false }
        return try await relations.blockStates(of: member, among: members, on: database).isEmpty
    }

    // MARK: writing

    /// Writes `body` in a conversation the member takes part in and may write to.
    @discardableResult
    func send(_ body: String?, to conversationID: UUID, by principal: Principal) async throws -> Message {
        let access = try await reach(conversationID, by: principal)
        guard access.canWrite else { throw Self.notWritable(access) }
        let text = try MessageText.required(body)
        return try await database.writeTransaction { db in
            try await self.insert(text, into: access.conversation, by: principal, on: db)
        }
    }

    /// Adds the message, moves the conversation up everyone's list, marks it read for its
    /// author, announces it and publishes it to open pages; inside the caller's transaction.
    private func insert(_ text: String, into conversation: Conversation, by principal: Principal, on db: any Database) async throws -> Message {
        let id = conversation.id!
        let me = principal.memberID
        // Strictly after the conversation's last message, so the order is the order of writing.
        let now = max(nowMicros, conversation.lastMessageMicros + 1)
        let message = Message(conversationID: id, authorID: me, body: text, now: now)
        try await message.create(on: db)
        try await Conversation.query(on: db).filter(\.$id == id)
            .set(\.$lastMessageMicros, to: now).set(\.$lastMessageID, to: message.id!).update()
        try await ConversationParticipant.query(on: db).filter(\.$conversationID == id).set(\.$lastMessageMicros, to: now).update()
        try await ConversationParticipant.query(on: db).filter(\.$conversationID == id).filter(\.$memberID == me)
            .set(\.$lastReadMicros, to: now).set(\.$lastReadMessageID, to: message.id!).set(\.$showsRead, to: true).update()
        conversation.lastMessageMicros = now
        conversation.lastMessageID = message.id
        let active = try await ConversationParticipant.query(on: db).filter(\.$conversationID == id).filter(\.$state == .active).all()
        let recipients = active.map(\.memberID).filter { $0 != me }
        for recipient in recipients {
            try await notifier.announce(Announcement(kind: MessagingNotices.message, recipient: recipient, actor: me,
                                                     groupKey: id.uuidString, link: MessagingURL.conversation(.value(id)).path), on: db)
        }
        try await live.publish(MessagingLive.message(message, authorName: principal.displayName, change: "new"), to: active.map(\.memberID), on: db)
        try await publishBadges(to: recipients, on: db)
        return message
    }

    /// Replaces the text of one's own message, within `MessagingLimits.editWindow` of sending it.
    @discardableResult
    func edit(_ messageID: UUID, in conversationID: UUID, body: String?, by principal: Principal) async throws -> Message {
        let (access, message) = try await ownMessage(messageID, in: conversationID, by: principal)
        guard access.canWrite else { throw Self.notWritable(access) }
        guard clock.now.timeIntervalSince(Micros.date(message.createdMicros)) <= MessagingLimits.editWindow else {
            throw Self.fieldError("body", "messaging.error.editWindow", ["minutes": String(Int(MessagingLimits.editWindow / 60))])
        }
        let text = try MessageText.required(body)
        message.setBody(text)
        message.editedMicros = nowMicros
        return try await database.writeTransaction { db in
            try await message.save(on: db)
            try await self.publishToActive(MessagingLive.message(message, authorName: principal.displayName, change: "edited"), in: conversationID, on: db)
            return message
        }
    }

    /// Deletes one's own message: its text goes, its place shows "message deleted".
    func delete(_ messageID: UUID, in conversationID: UUID, by principal: Principal) async throws {
        let (_, message) = try await ownMessage(messageID, in: conversationID, by: principal)
        message.setBody("")
        message.deletedMicros = nowMicros
        try await database.writeTransaction { db in
            try await message.save(on: db)
            try await self.publishToActive(MessagingLive.message(message, authorName: principal.displayName, change: "deleted"), in: conversationID, on: db)
        }
    }

    private func ownMessage(_ messageID: UUID, in conversationID: UUID, by principal: Principal) async throws -> (ConversationAccess, Message) {
        let access = try await reach(conversationID, by: principal)
        guard let message = try await Message.query(on: database).filter(\.$id == messageID).filter(\.$conversationID == conversationID)
            .filter(\.$authorID == principal.memberID).filter(\.$deletedMicros == nil).first()
        else { throw Abort(.notFound) }
        return (access, message)
    }

    // MARK: reading

    /// Marks the conversation read up to its last message; says whether anything changed.
    @discardableResult
    func markRead(_ conversationID: UUID, by principal: Principal) async throws -> Bool {
        let access = try await reach(conversationID, by: principal)
        return try await markRead(access, by: principal)
    }

    /// The same for a conversation already reached (the page that shows it).
    @discardableResult
    func markRead(_ access: ConversationAccess, by principal: Principal) async throws -> Bool {
        let conversation = access.conversation
        let me = access.me
        guard me.lastReadMicros < conversation.lastMessageMicros else { return false }
        let id = access.id
        let readAt = conversation.lastMessageMicros
        try await database.writeTransaction { db in
            try await ConversationParticipant.query(on: db).filter(\.$id == me.id!)
                .set(\.$lastReadMicros, to: readAt).set(\.$lastReadMessageID, to: conversation.lastMessageID).update()
            me.lastReadMicros = readAt
            me.lastReadMessageID = conversation.lastMessageID
            try await notifier.markSeen(MessagingNotices.message, groupKey: id.uuidString, by: principal.memberID, on: db)
            if me.showsRead, me.state == .active {
                let others = try await ConversationParticipant.query(on: db).filter(\.$conversationID == id).filter(\.$state == .active)
                    .filter(\.$memberID != principal.memberID).all().map(\.memberID)
                try await live.publish(LiveEvent(kind: "read", encoding: MessagingLive.ReadPayload(
                    conversationId: id.lowercasedString, memberId: principal.memberID.lowercasedString, lastReadMessageId: conversation.lastMessageID?.lowercasedString, readAt: Micros.iso(readAt))), to: others, on: db)
            }
            try await publishBadges(to: [principal.memberID], on: db)
        }
        return true
    }

    // MARK: requests

    enum RequestAnswer: String, Sendable { case accept, decline, report }

    /// The recipient's answer to a message request. Whatever it is, the sender sees nothing change.
    /// A request from someone the recipient has blocked since is not there for them (404), as in
    /// their list.
    func answerRequest(_ conversationID: UUID, _ answer: RequestAnswer, by principal: Principal) async throws {
        let me = principal.memberID
        let row = try await reach(conversationID, by: principal).me
        guard row.state == .requested else { throw Abort(.notFound) }
        let now = nowMicros
        try await database.writeTransaction { db in
            row.state = answer == .accept ? .active : .declined
            try await row.save(on: db)
            if answer == .report {
                try await MessageReport(conversationID: conversationID, reporterID: me, reportedID: row.peerID, now: now).create(on: db)
            }
            try await notifier.markSeen(MessagingNotices.request, groupKey: conversationID.uuidString, by: me, on: db)
            try await publishBadges(to: [me], on: db)
        }
    }

    // MARK: groups

    /// Leaves a group conversation.
    func leave(_ conversationID: UUID, by principal: Principal) async throws {
        let access = try await reach(conversationID, by: principal)
        guard access.conversation.kind == .group, access.me.state == .active else { throw Abort(.notFound) }
        try await database.writeTransaction { db in
            try await ConversationParticipant.query(on: db).filter(\.$id == access.me.id!).set(\.$state, to: .left).update()
            try await publishBadges(to: [principal.memberID], on: db)
        }
    }

    /// Adds the creator's connections to their group, up to `MessagingLimits.groupSize` in all.
    func addParticipants(_ members: [UUID], to conversationID: UUID, by principal: Principal) async throws {
        let me = principal.memberID
        let access = try await reach(conversationID, by: principal)
        guard access.conversation.kind == .group, access.me.state == .active else { throw Abort(.notFound) }
        guard access.conversation.creatorID == me else { throw Abort(.forbidden, reason: "Only the creator of a group adds participants.") }
        let current = try await ConversationParticipant.query(on: database).filter(\.$conversationID == conversationID).all()
        let present = Set(current.filter { $0.state == .active }.map(\.memberID))
        let newcomers = Self.unique(members.filter { $0 != me && !present.contains($0) })
        guard !newcomers.isEmpty else { throw Self.fieldError("members", "messaging.error.members.empty") }
        guard present.count + newcomers.count <= MessagingLimits.groupSize else {
            throw Self.fieldError("members", "messaging.error.members.tooMany", ["max": String(MessagingLimits.groupSize)])
        }
        guard try await onlyConnections(newcomers, of: me) else { throw Self.fieldError("members", "messaging.error.members.connections") }
        let now = nowMicros
        let lastMessage = access.conversation.lastMessageMicros
        // Those who left come back on their old row; the others get one.
        let returning = Set(current.map(\.memberID)).intersection(newcomers)
        try await database.writeTransaction { db in
            if !returning.isEmpty {
                try await ConversationParticipant.query(on: db).filter(\.$conversationID == conversationID).filter(\.$memberID ~~ Array(returning))
                    .set(\.$state, to: .active).set(\.$lastMessageMicros, to: lastMessage).update()
            }
            let fresh = newcomers.filter { !returning.contains($0) }
            if !fresh.isEmpty {
                try await fresh.map { member in
                    let row = ConversationParticipant(conversationID: conversationID, memberID: member, peerID: nil, state: .active, now: now)
                    row.lastMessageMicros = lastMessage
                    row.lastReadMicros = 0
                    return row
                }.create(on: db)
            }
            try await self.publishBadges(to: newcomers, on: db)
        }
    }

    // MARK: helpers

    /// The conversation as the member reaches it, or 404.
    func reach(_ conversationID: UUID, by principal: Principal) async throws -> ConversationAccess {
        guard let access = try await ConversationQueries.reachable(conversationID, by: principal.memberID, relations: relations, on: database)
        else { throw Abort(.notFound) }
        return access
    }

    /// Why a member cannot write here: blocked by the peer answers as if the conversation were
    /// not there; a request waits for its recipient's answer.
    private static func notWritable(_ access: ConversationAccess) -> any Error {
        if access.blockedByPeer { return Abort(.notFound) }
        return fieldError("body", "messaging.error.answerFirst")
    }

    private func publishToActive(_ event: LiveEvent, in conversationID: UUID, on db: any Database) async throws {
        let active = try await ConversationParticipant.query(on: db).filter(\.$conversationID == conversationID).filter(\.$state == .active).all()
        try await live.publish(event, to: active.map(\.memberID), on: db)
    }

    /// Each member's new unread count, to their header badge.
    private func publishBadges(to members: [UUID], on db: any Database) async throws {
        guard !members.isEmpty else { return }
        let counts = try await ConversationQueries.unreadCounts(of: members, relations: relations, on: db)
        for member in members {
            try await live.publish(LiveEvent(kind: "badge", encoding: MessagingLive.BadgePayload(name: MessagingLive.badgeName, count: counts[member] ?? 0)), to: [member], on: db)
        }
    }

    static func fieldError(_ field: String, _ key: String, _ arguments: [String: String] = [:]) -> FormErrors {
        var errors = FormErrors()
        errors.add(field, key, arguments)
        return errors
    }

    static func unique(_ ids: [UUID]) -> [UUID] {
        var seen = Set<UUID>()
        return ids.filter { seen.insert($0).inserted }
    }
}

extension Application {
    /// Messaging for commands, jobs and demo data.
    var messaging: MessagingService {
        MessagingService(database: db, clock: clock, relations: audienceRelations, notifier: notifier, live: livePublisher)
    }
}

extension Request {
    var messaging: MessagingService {
        MessagingService(database: db, clock: application.clock, relations: application.audienceRelations,
                         notifier: application.notifier, live: application.livePublisher)
    }
}
