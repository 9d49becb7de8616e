import Fluent
import Foundation
import SQLKit
import Vapor

/// Where the next page of one of this feature's lists starts: the time of the last row shown
/// and its id (ties broken by id), newest first.
struct ConnectionsCursor: ListCursor {
    let milliseconds: Int64
    let id: UUID

    init(milliseconds: Int64, id: UUID) {
        self.milliseconds = milliseconds
        self.id = id
    }

    init?(plainText text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let milliseconds = Int64(parts[0]), milliseconds >= 0,
              let bytes = Data(base64URLEncoded: parts[1]), bytes.count == 16 else { return nil }
        self.milliseconds = milliseconds
        self.id = bytes.withUnsafeBytes { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
    }

    var plainText: String {
        let bytes = withUnsafeBytes(of: id.uuid) { Data($0) }
        return "\(milliseconds).\(bytes.base64URLEncodedString())"
    }

    var date: Date { ConnectionTime.date(milliseconds: milliseconds) }

    /// Reads `cursor` from the query: nil when absent; `FormErrors` naming it when it is not one
    /// this feature wrote.
    static func read(_ req: Request) throws -> ConnectionsCursor? {
        guard let text = req.query[String.self, at: "cursor"], !text.isEmpty else { return nil }
        guard let cursor = ConnectionsCursor(encoded: text) else {
            var errors = FormErrors()
            errors.add("cursor", "connections.error.cursor")
            throw errors
        }
        return cursor
    }

    static let parameterNames = ["cursor"]
}

/// A page of one list: the rows shown (their members already loaded, listable ones only) and
/// where the next page starts.
struct ConnectionsPage<Item: Sendable>: Sendable {
    let items: [Item]
    let next: ConnectionsCursor?
}

/// A member as this feature's lists show them.
struct ListedMember: Sendable {
    let id: UUID
    let name: String
}

/// One row of a list: the other member, when, and the request it is about (for requests).
struct ConnectionsListItem: Sendable {
    let member: ListedMember
    let at: Date
    let requestID: UUID?
    let note: String?
}

/// The lists of one member's connections, requests and blocks, each already limited to that
/// member's own rows: a page is one indexed query plus one for the members' names.
enum ConnectionQueries {
    /// The member's connections, most recently connected first.
    static func connections(of me: UUID, after cursor: ConnectionsCursor?, limit: Int = ConnectionLimits.pageSize, on db: any Database) async throws -> ConnectionsPage<ConnectionsListItem> {
        var query = MemberConnection.query(on: db).filter(\.$memberID == me)
        if let cursor {
            query = query.group(.or) { older in
                older.filter(\.$connectedAt < cursor.date)
                older.group(.and) { $0.filter(\.$connectedAt == cursor.date).filter(\.$otherID < cursor.id) }
            }
        }
        let rows = try await query.sort(\.$connectedAt, .descending).sort(\.$otherID, .descending).limit(limit + 1).all()
        let shown = Array(rows.prefix(limit))
        let members = try await listedMembers(shown.map(\.otherID), on: db)
        return ConnectionsPage(
            items: shown.compactMap { row in members[row.otherID].map { ConnectionsListItem(member: $0, at: row.connectedAt, requestID: nil, note: nil) } },
            next: rows.count > limit ? shown.last.map { ConnectionsCursor(milliseconds: ConnectionTime.milliseconds($0.connectedAt), id: $0.otherID) } : nil)
    }

    /// Requests waiting for the member's answer, newest first.
    static func received(by me: UUID, after cursor: ConnectionsCursor?, limit: Int = ConnectionLimits.pageSize, on db: any Database) async throws -> ConnectionsPage<ConnectionsListItem> {
        let query = ConnectionRequest.query(on: db).filter(\.$recipientID == me).filter(\.$state == .pending)
        return try await requests(query, cursor: cursor, limit: limit, other: \.requesterID, on: db)
    }

    /// Requests the member sent and still sees as waiting (declined ones look the same), newest first.
    static func sent(by me: UUID, after cursor: ConnectionsCursor?, limit: Int = ConnectionLimits.pageSize, on db: any Database) async throws -> ConnectionsPage<ConnectionsListItem> {
        let query = ConnectionRequest.query(on: db).filter(\.$requesterID == me)
            .filter(\.$state ~~ [.pending, .declined]).filter(\.$withdrawnAt == nil)
        return try await requests(query, cursor: cursor, limit: limit, other: \.recipientID, on: db)
    }

    /// The members the member blocks, most recently blocked first.
    static func blocks(by me: UUID, after cursor: ConnectionsCursor?, limit: Int = ConnectionLimits.pageSize, on db: any Database) async throws -> ConnectionsPage<ConnectionsListItem> {
        var query = MemberBlock.query(on: db).filter(\.$blockerID == me)
        if let cursor {
            query = query.group(.or) { older in
                older.filter(\.$createdAt < cursor.date)
                older.group(.and) { $0.filter(\.$createdAt == cursor.date).filter(\.$blockedID < cursor.id) }
            }
        }
        let rows = try await query.sort(\.$createdAt, .descending).sort(\.$blockedID, .descending).limit(limit + 1).all()
        let shown = Array(rows.prefix(limit))
        // Blocked members are listed even when suspended since: the block is still the member's.
        let members = try await names(shown.map(\.blockedID), on: db)
        return ConnectionsPage(
            items: shown.compactMap { row in members[row.blockedID].map { ConnectionsListItem(member: $0, at: row.createdAt, requestID: nil, note: nil) } },
            next: rows.count > limit ? shown.last.map { ConnectionsCursor(milliseconds: ConnectionTime.milliseconds($0.createdAt), id: $0.blockedID) } : nil)
    }

    /// A subquery of one column, the ids of the members `me` is connected to or has an open
    /// request with, either way (pending, or declined: the sender still sees it as pending), for
    /// `… NOT IN (…)` in lists that offer new people (suggestions). Each part is one indexed
    /// look-up: `member_connections_newest`, `connection_requests_incoming` and `…_outgoing`.
    static func connectedOrAskedSQL(_ me: UUID) -> SQLQueryString {
        let open = [ConnectionRequestState.pending, .declined].map { SQLBind($0.rawValue) as any SQLExpression }
        return """
            SELECT other_id FROM \(ident: MemberConnection.schema) WHERE member_id = \(bind: me) \
            UNION ALL SELECT recipient_id FROM \(ident: ConnectionRequest.schema) WHERE requester_id = \(bind: me) AND state IN (\(SQLList(open))) \
            UNION ALL SELECT requester_id FROM \(ident: ConnectionRequest.schema) WHERE recipient_id = \(bind: me) AND state IN (\(SQLList(open)))
            """
    }

    /// How many requests wait for the member's answer (the header's badge): the ones the list
    /// shows, so not those of members suspended since (one primary-key look-up per request).
    static func receivedCount(_ me: UUID, on db: any Database) async throws -> Int {
        try await (db as! any SQLDatabase).raw(receivedCountSQL(me)).first()?.decode(column: "waiting", as: Int.self) ?? 0
    }

    /// The same as one statement (the header badge reads it with the others').
    static func receivedCountSQL(_ me: UUID) -> SQLQueryString {
        """
        SELECT COUNT(*) AS waiting FROM \(ident: ConnectionRequest.schema) r
        WHERE r.recipient_id = \(bind: me) AND r.state = \(bind: ConnectionRequestState.pending.rawValue)
        AND \(Member.listable(SQLColumn("requester_id", table: "r")))
        """
    }

    private static func requests(_ query: QueryBuilder<ConnectionRequest>, cursor: ConnectionsCursor?, limit: Int,
                                 other: KeyPath<ConnectionRequest, UUID>, on db: any Database) async throws -> ConnectionsPage<ConnectionsListItem> {
        var query = query
        if let cursor {
            query = query.group(.or) { older in
                older.filter(\.$createdAt < cursor.date)
                older.group(.and) { $0.filter(\.$createdAt == cursor.date).filter(\.$id < cursor.id) }
            }
        }
        let rows = try await query.sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(limit + 1).all()
        let shown = Array(rows.prefix(limit))
        let members = try await listedMembers(shown.map { $0[keyPath: other] }, on: db)
        return ConnectionsPage(
            items: shown.compactMap { row in
                members[row[keyPath: other]].map { ConnectionsListItem(member: $0, at: row.createdAt, requestID: row.id, note: row.note) }
            },
            next: rows.count > limit ? try shown.last.map { ConnectionsCursor(milliseconds: ConnectionTime.milliseconds($0.createdAt), id: try $0.requireID()) } : nil)
    }

    /// Names of the members among `ids` who may be shown (not suspended, address verified).
    static func listedMembers(_ ids: [UUID], on db: any Database) async throws -> [UUID: ListedMember] {
        guard !ids.isEmpty else { return [:] }
        let members = try await Member.query(on: db).filter(\.$id ~~ ids).filter(\.$suspendedAt == nil).filter(\.$emailVerifiedAt != nil).all()
        return Dictionary(uniqueKeysWithValues: try members.map { (try $0.requireID(), ListedMember(id: try $0.requireID(), name: $0.displayName)) })
    }

    private static func names(_ ids: [UUID], on db: any Database) async throws -> [UUID: ListedMember] {
        guard !ids.isEmpty else { return [:] }
        let members = try await Member.query(on: db).filter(\.$id ~~ ids).all()
        return Dictionary(uniqueKeysWithValues: try members.map { (try $0.requireID(), ListedMember(id: try $0.requireID(), name: $0.displayName)) })
    }
}
