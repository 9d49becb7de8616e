import Fluent
import Vapor

/// Conversations, messages, read marks and message requests under `/api/v1`: what the pages do,
/// through the same `MessagingService` and `ConversationQueries`.
struct MessagingAPI: RouteCollection {
    /// A message as JSON: 5,000 characters (up to 20,000 code points of up to 4 bytes), with room
    /// for the other fields.
    /// Room for the longest text the document allows written the longest way JSON can: 20,000
    /// code points, each an escaped surrogate pair (12 bytes), plus a title and participants. A
    /// smaller bound answered 413 to bodies the document calls valid (found by the API fuzzer).
    static let messageBody = AcceptedBody.json(maxBytes: 256 * 1024)
    static let cursorOnly = [ListParameters.cursorKey]

    func boot(routes: any RoutesBuilder) throws {
        let v1 = routes.api()
        v1.get("conversations", use: list).readingQuery(ListParameters.parameterNames(filters: []))
        v1.post("conversations", accepting: Self.messageBody, use: create)
        v1.get("conversations", ":id", use: get)
        v1.get("conversations", ":id", "messages", use: messages).readingQuery(Self.cursorOnly)
        v1.post("conversations", ":id", "messages", accepting: Self.messageBody, use: send)
        v1.on(.PATCH, ["conversations", ":id", "messages", ":messageID"], accepting: Self.messageBody, use: edit)
        v1.on(.DELETE, ["conversations", ":id", "messages", ":messageID"], accepting: .nothing, use: delete)
        v1.post("conversations", ":id", "read", accepting: .nothing, use: read)
        v1.post("conversations", ":id", "leave", accepting: .nothing, use: leave)
        v1.post("conversations", ":id", "participants", accepting: .json(), use: addParticipants)
        v1.get("message-requests", use: requests).readingQuery(Self.cursorOnly)
        v1.post("message-requests", ":id", "accept", accepting: .nothing, use: accept)
        v1.post("message-requests", ":id", "decline", accepting: .nothing, use: decline)
        v1.post("message-requests", ":id", "report", accepting: .nothing, use: report)
    }

    // MARK: bodies

    struct Participant: Content {
        let id: UUID
        let displayName: String
    }

    /// How far another participant has read (only those who show it).
    struct ReadMark: Content {
        let memberId: UUID
        let lastReadMessageId: UUID?
        let readAt: String
    }

    struct ConversationBody: Content {
        let id: UUID
        let kind: ConversationKind
        let title: String?
        /// The others taking part (not those who left).
        let participants: [Participant]
        let lastMessageAt: String
        let unread: Bool
        /// The viewer may write (false for a request waiting for their answer, or when blocked).
        let canWrite: Bool
        /// A message request waiting for the viewer's answer.
        let isRequest: Bool
        let isCreator: Bool
        let readMarks: [ReadMark]
    }

    struct MessageBody: Content {
        let id: UUID
        let conversationId: UUID
        let authorId: UUID
        let authorName: String
        /// Plain text; empty once deleted.
        let body: String
        let createdAt: String
        let editedAt: String?
        let deleted: Bool

        init(_ message: Message, authorName: String) {
            id = message.id!
            conversationId = message.conversationID
            authorId = message.authorID
            self.authorName = authorName
            body = message.deletedMicros == nil ? message.body : ""
            createdAt = Micros.iso(message.createdMicros)
            editedAt = message.editedMicros.map(Micros.iso)
            deleted = message.deletedMicros != nil
        }
    }

    struct ConversationList: Content {
        let items: [ConversationBody]
        let nextCursor: String?
    }

    struct MessageList: Content {
        let items: [MessageBody]
        let nextCursor: String?
    }

    struct CreateRequest: Content {
        var to: String?
        var title: String?
        var participants: [String]?
        var body: String?
    }

    struct MessageRequest: Content {
        var body: String?
    }

    struct ParticipantsRequest: Content {
        var members: [String]?
    }

    // MARK: conversations

    func list(req: Request) async throws -> ConversationList {
        try await page(req, state: .active, text: true)
    }

    func requests(req: Request) async throws -> ConversationList {
        try await page(req, state: .requested, text: false)
    }

    private func page(_ req: Request, state: ParticipantState, text: Bool) async throws -> ConversationList {
        let principal = try req.require()
        let reading = ListParameters.read(req, filters: [], cursor: MessagingCursor.self)
        guard reading.errors.isEmpty else { throw reading.errors }
        let result = try await ConversationQueries.page(
            of: principal.memberID, state: state, text: text ? reading.parameters.text : "",
            after: reading.parameters.cursor.flatMap(MessagingCursor.init(encoded:)), limit: MessagingLimits.conversationsPerPage,
            relations: req.application.audienceRelations, on: req.db)
        let ids = result.items.map(\.conversationID)
        let conversations = try await Conversation.query(on: req.db).filter(\.$id ~~ ids).all()
        let participants = try await ConversationQueries.participants(of: ids, on: req.db)
        let names = try await ConversationQueries.names(participants.values.flatMap { $0.map(\.memberID) }, on: req.db)
        let byID = Dictionary(uniqueKeysWithValues: conversations.map { ($0.id!, $0) })
        let items = result.items.compactMap { item -> ConversationBody? in
            guard let conversation = byID[item.conversationID], let rows = participants[item.conversationID],
                  let me = rows.first(where: { $0.memberID == principal.memberID }) else { return nil }
            // Blocked-by-peer conversations are read-only: the list does not know, the conversation does.
            return Self.body(conversation, me: me, rows: rows, names: names, blockedByPeer: false)
        }
        return ConversationList(items: items, nextCursor: result.next?.encoded)
    }

    static func body(_ conversation: Conversation, me: ConversationParticipant, rows: [ConversationParticipant], names: [UUID: String], blockedByPeer: Bool) -> ConversationBody {
        let others = rows.filter { $0.memberID != me.memberID }
        return ConversationBody(
            id: conversation.id!, kind: conversation.kind, title: conversation.title,
            participants: others.map { Participant(id: $0.memberID, displayName: names[$0.memberID] ?? "") },
            lastMessageAt: Micros.iso(conversation.lastMessageMicros), unread: me.state == .active && me.lastMessageMicros > me.lastReadMicros,
            canWrite: me.state == .active && !blockedByPeer, isRequest: me.state == .requested,
            isCreator: conversation.kind == .group && conversation.creatorID == me.memberID,
            readMarks: others.filter { $0.state == .active && $0.showsRead }.map {
                ReadMark(memberId: $0.memberID, lastReadMessageId: $0.lastReadMessageID, readAt: Micros.iso($0.lastReadMicros))
            })
    }

    private func conversationBody(_ req: Request, _ id: UUID, principal: Principal) async throws -> ConversationBody {
        let access = try await req.messaging.reach(id, by: principal)
        let rows = try await ConversationQueries.participants(of: [id], on: req.db)[id] ?? []
        let names = try await ConversationQueries.names(rows.map(\.memberID), on: req.db)
        return Self.body(access.conversation, me: access.me, rows: rows, names: names, blockedByPeer: access.blockedByPeer)
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.require()
        let input = try req.content.decode(CreateRequest.self)
        let id: UUID
        if let to = input.to {
            guard let recipient = UUID(uuidString: to) else { throw MessagingService.fieldError("to", "messaging.error.recipient") }
            // A group's fields next to `to` are refused, not ignored: the caller meant something else.
            var misplaced = FormErrors()
            if input.title != nil { misplaced.add("title", "messaging.error.groupOnly") }
            if input.participants != nil { misplaced.add("participants", "messaging.error.groupOnly") }
            if !misplaced.isEmpty { throw misplaced }
            id = try await req.messaging.startDirect(from: principal, to: recipient, body: input.body)
        } else {
            var members: [UUID] = []
            for value in input.participants ?? [] {
                guard let id = UUID(uuidString: value) else { throw MessagingService.fieldError("participants", "messaging.error.members.connections") }
                members.append(id)
            }
            do {
                id = try await req.messaging.startGroup(by: principal, title: input.title, members: members, body: input.body)
            } catch let errors as FormErrors {
                // The form calls the list `members`; the API, `participants`.
                var renamed = FormErrors()
                for entry in errors.entries { renamed.add(entry.field == "members" ? "participants" : entry.field, entry.key, entry.arguments) }
                throw renamed
            }
        }
        return try await conversationBody(req, id, principal: principal).encodeResponse(status: .created, for: req)
    }

    func get(req: Request) async throws -> ConversationBody {
        try await conversationBody(req, try Self.id(req), principal: req.require())
    }

    // MARK: messages

    func messages(req: Request) async throws -> MessageList {
        let principal = try req.require()
        let access = try await req.messaging.reach(try Self.id(req), by: principal)
        var cursor: MessagingCursor?
        if let text = try? req.query.get(String.self, at: ListParameters.cursorKey), !text.isEmpty {
            guard let parsed = MessagingCursor(encoded: text) else { throw MessagingService.fieldError(ListParameters.cursorKey, "list.error.cursor") }
            cursor = parsed
        }
        let page = try await ConversationQueries.messages(in: access.id, after: cursor, limit: MessagingLimits.messagesPerPage, on: req.db)
        let names = try await ConversationQueries.names(page.items.map(\.authorID), on: req.db)
        return MessageList(items: page.items.map { MessageBody($0, authorName: names[$0.authorID] ?? "") }, nextCursor: page.next?.encoded)
    }

    func send(req: Request) async throws -> Response {
        let principal = try req.require()
        let input = try req.content.decode(MessageRequest.self)
        let message = try await req.messaging.send(input.body, to: try Self.id(req), by: principal)
        return try await MessageBody(message, authorName: principal.displayName).encodeResponse(status: .created, for: req)
    }

    func edit(req: Request) async throws -> MessageBody {
        let principal = try req.require()
        let input = try req.content.decode(MessageRequest.self)
        let message = try await req.messaging.edit(try Self.messageID(req), in: try Self.id(req), body: input.body, by: principal)
        return MessageBody(message, authorName: principal.displayName)
    }

    func delete(req: Request) async throws -> Response {
        try await req.messaging.delete(try Self.messageID(req), in: try Self.id(req), by: req.require())
        return Response(status: .noContent)
    }

    func read(req: Request) async throws -> Response {
        try await req.messaging.markRead(try Self.id(req), by: req.require())
        return Response(status: .noContent)
    }

    // MARK: groups and requests

    func leave(req: Request) async throws -> Response {
        try await req.messaging.leave(try Self.id(req), by: req.require())
        return Response(status: .noContent)
    }

    func addParticipants(req: Request) async throws -> ConversationBody {
        let principal = try req.require()
        let id = try Self.id(req)
        let input = try req.content.decode(ParticipantsRequest.self)
        try await req.messaging.addParticipants(try MessagingController.memberIDs(input.members), to: id, by: principal)
        return try await conversationBody(req, id, principal: principal)
    }

    func accept(req: Request) async throws -> Response { try await answer(req, .accept) }
    func decline(req: Request) async throws -> Response { try await answer(req, .decline) }
    func report(req: Request) async throws -> Response { try await answer(req, .report) }

    private func answer(_ req: Request, _ answer: MessagingService.RequestAnswer) async throws -> Response {
        try await req.messaging.answerRequest(try Self.id(req), answer, by: req.require())
        return Response(status: .noContent)
    }

    static func id(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw Abort(.notFound) }
        return id
    }

    static func messageID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("messageID", as: UUID.self) else { throw Abort(.notFound) }
        return id
    }
}
