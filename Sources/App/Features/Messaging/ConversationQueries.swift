import Fluent
import Foundation
import SQLKit

/// A conversation as one member may reach it: their own row in it, and whether a block makes it
/// read-only for them. Only `ConversationQueries.reachable` makes one.
struct ConversationAccess: Sendable {
    let conversation: Conversation
    let me: ConversationParticipant
    /// The one-to-one peer blocks this member: they still read, and cannot write.
    let blockedByPeer: Bool

    var id: UUID { conversation.id! }
    var isRequestForMe: Bool { me.state == .requested }
    var canWrite: Bool { me.state == .active && !blockedByPeer }
}

/// A row of a member's conversation list (or of their message requests).
struct ConversationSummary: Sendable {
    let conversationID: UUID
    let kind: ConversationKind
    let title: String?
    let lastMessageMicros: Int64
    let isUnread: Bool
    let peerID: UUID?
    let lastMessageID: UUID?
}

/// The ways to read conversations, each taking the acting member and returning only what they
/// take part in (not left, not declined, not hidden by their own block): a missing conversation
/// and someone else's answer the same.
enum ConversationQueries {
    /// The conversation `id` as `member` may see it, or nil.
    static func reachable(_ id: UUID, by member: UUID, relations: any AudienceRelations, on database: any Database) async throws -> ConversationAccess? {
        guard let me = try await ConversationParticipant.query(on: database)
            .filter(\.$conversationID == id).filter(\.$memberID == member)
            .filter(\.$state ~~ [.active, .requested]).first(),
              let conversation = try await Conversation.find(id, on: database)
        else { return nil }
        var blockedByPeer = false
        if conversation.kind == .direct, let peer = me.peerID {
            switch try await relations.blockStates(of: member, among: [peer], on: database)[peer] {
            case .blocks, .both: return nil
            case .blockedBy: blockedByPeer = true
            case nil: break
            }
        }
        return ConversationAccess(conversation: conversation, me: me, blockedByPeer: blockedByPeer)
    }

    /// A page of `member`'s conversations in `state` (active: the list; requested: message
    /// requests), newest message first, optionally only those matching `text`. One-to-one
    /// conversations with a member they block are left out.
    static func page(
        of member: UUID, state: ParticipantState, text: String = "", after cursor: MessagingCursor?, limit: Int,
        relations: any AudienceRelations, on database: any Database
    ) async throws -> (items: [ConversationSummary], next: MessagingCursor?) {
        let sql = database as! any SQLDatabase
        var query: SQLQueryString = """
            SELECT p.conversation_id AS conversation_id, p.last_message_us AS last_message_us, p.last_read_us AS last_read_us,
                   p.peer_id AS peer_id, c.kind AS kind, c.title AS title, c.last_message_id AS last_message_id
            FROM \(ident: ConversationParticipant.schema) p JOIN \(ident: Conversation.schema) c ON c.id = p.conversation_id
            WHERE p.member_id = \(bind: member) AND p.state = \(bind: state.rawValue)
            """
        if let cursor {
            query += " AND (p.last_message_us < \(bind: cursor.micros) OR (p.last_message_us = \(bind: cursor.micros) AND p.conversation_id < \(bind: cursor.id)))"
        }
        let needle = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !needle.isEmpty { query += " AND p.conversation_id IN (\(search(needle, member: member)))" }
        query += " ORDER BY p.last_message_us DESC, p.conversation_id DESC LIMIT \(literal: limit + 1)"
        let rows = try await sql.raw(query).all()
        var items: [ConversationSummary] = []
        for row in rows.prefix(limit) {
            let last = try row.decode(column: "last_message_us", as: Int64.self)
            items.append(ConversationSummary(
                conversationID: try row.decode(column: "conversation_id", as: UUID.self),
                kind: ConversationKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .group,
                title: try row.decode(column: "title", as: String?.self),
                lastMessageMicros: last,
                isUnread: last > (try row.decode(column: "last_read_us", as: Int64.self)),
                peerID: try row.decode(column: "peer_id", as: UUID?.self),
                lastMessageID: try row.decode(column: "last_message_id", as: UUID?.self)))
        }
        let next = rows.count > limit ? items.last.map { MessagingCursor(micros: $0.lastMessageMicros, id: $0.conversationID) } : nil
        // Hidden by the member's own block: dropped from the page (the cursor still moves past them).
        let peers = items.compactMap(\.peerID)
        if !peers.isEmpty {
            let blocks = try await relations.blockStates(of: member, among: peers, on: database)
            items.removeAll { item in item.peerID.map { [.blocks, .both].contains(blocks[$0]) } ?? false }
        }
        return (items, next)
    }

    /// Ids of the conversations among `member`'s most recent `MessagingLimits.searchedConversations`
    /// whose title, another participant's name or a message matches `text`. Titles and messages
    /// are compared folded (`SearchText.folded`: any case, accents optional: "elodie" finds
    /// "Élodie"); names, kept by Accounts, with `LOWER` (on SQLite that folds ASCII letters only,
    /// so a name's accented capitals must be typed as written). Bounded by that number of
    /// conversations: a member searches their own recent conversations, not the site.
    private static func search(_ text: String, member: UUID) -> SQLQueryString {
        func like(_ text: String) -> String {
            "%" + text.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        }
        let pattern = like(text.lowercased())
        let folded = like(SearchText.folded(text))
        return """
            SELECT r.conversation_id FROM (
                SELECT conversation_id FROM \(ident: ConversationParticipant.schema)
                WHERE member_id = \(bind: member) AND state IN ('active', 'requested')
                ORDER BY last_message_us DESC LIMIT \(literal: MessagingLimits.searchedConversations)) r
            WHERE EXISTS (SELECT 1 FROM \(ident: Conversation.schema) t WHERE t.id = r.conversation_id AND t.search_title LIKE \(bind: folded) ESCAPE '\\')
               OR EXISTS (SELECT 1 FROM \(ident: ConversationParticipant.schema) o JOIN \(ident: Member.schema) m ON m.id = o.member_id
                          WHERE o.conversation_id = r.conversation_id AND o.member_id <> \(bind: member) AND o.state <> 'left'
                            AND LOWER(m.display_name) LIKE \(bind: pattern) ESCAPE '\\')
               OR EXISTS (SELECT 1 FROM \(ident: Message.schema) x WHERE x.conversation_id = r.conversation_id AND x.deleted_us IS NULL
                            AND x.search_text LIKE \(bind: folded) ESCAPE '\\')
            """
    }

    /// How many of `member`'s conversations have messages they have not read (the header badge).
    static func unreadCount(of member: UUID, relations: any AudienceRelations, on database: any Database) async throws -> Int {
        try await (database as! any SQLDatabase).raw(unreadCountSQL(of: member, relations: relations)).first()?.decode(column: "unread", as: Int.self) ?? 0
    }

    /// The same as one statement (the header badge reads it with the others'): the member's
    /// active rows with something unread, on (member_id, state, last_message_us), less one-to-one
    /// conversations across a block either way — `unreadCounts`' rule.
    static func unreadCountSQL(of member: UUID, relations: any AudienceRelations) -> SQLQueryString {
        """
        SELECT COUNT(*) AS unread FROM \(ident: ConversationParticipant.schema) p
        WHERE p.member_id = \(bind: member) AND p.state = 'active' AND p.last_message_us > p.last_read_us
        AND (p.peer_id IS NULL OR p.peer_id NOT IN (\(relations.blockedEitherWaySQL(member))))
        """
    }

    /// The same for several members (the live badges after a message): one query for their
    /// unread rows, then, for those with unread one-to-one conversations, the relations' batch
    /// block check (a conversation across a block, either way, does not count).
    static func unreadCounts(of members: [UUID], relations: any AudienceRelations, on database: any Database) async throws -> [UUID: Int] {
        guard !members.isEmpty else { return [:] }
        let rows = try await (database as! any SQLDatabase).raw("""
            SELECT member_id, peer_id FROM \(ident: ConversationParticipant.schema)
            WHERE member_id IN (\(binds: members)) AND state = 'active' AND last_message_us > last_read_us
            """).all()
        var unread: [UUID: [UUID?]] = [:]
        for row in rows {
            unread[try row.decode(column: "member_id", as: UUID.self), default: []].append(try row.decode(column: "peer_id", as: UUID?.self))
        }
        var counts: [UUID: Int] = [:]
        for (member, peers) in unread {
            let direct = peers.compactMap { $0 }
            let blocked = direct.isEmpty ? [:] : try await relations.blockStates(of: member, among: direct, on: database)
            counts[member] = peers.filter { peer in peer.map { blocked[$0] == nil } ?? true }.count
        }
        return counts
    }

    /// A page of a conversation's messages, newest first.
    static func messages(in conversation: UUID, after cursor: MessagingCursor?, limit: Int, on database: any Database) async throws -> (items: [Message], next: MessagingCursor?) {
        var query = Message.query(on: database).filter(\.$conversationID == conversation)
        if let cursor {
            query = query.group(.or) { or in
                or.filter(\.$createdMicros < cursor.micros)
                or.group(.and) { and in and.filter(\.$createdMicros == cursor.micros).filter(\.$id < cursor.id) }
            }
        }
        let rows = try await query.sort(\.$createdMicros, .descending).sort(\.$id, .descending).limit(limit + 1).all()
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit ? items.last.map { MessagingCursor(micros: $0.createdMicros, id: $0.id!) } : nil
        return (items, next)
    }

    /// The participants others see in `conversations` (not those who left), by conversation.
    static func participants(of conversations: [UUID], on database: any Database) async throws -> [UUID: [ConversationParticipant]] {
        guard !conversations.isEmpty else { return [:] }
        let rows = try await ConversationParticipant.query(on: database)
            .filter(\.$conversationID ~~ conversations).filter(\.$state != .left).all()
        return Dictionary(grouping: rows, by: \.conversationID)
    }

    /// Display names of members, in one query.
    static func names(_ members: some Collection<UUID>, on database: any Database) async throws -> [UUID: String] {
        guard !members.isEmpty else { return [:] }
        let rows = try await Member.query(on: database).filter(\.$id ~~ Array(Set(members))).all()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id!, $0.displayName) })
    }
}
