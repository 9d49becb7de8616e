import Fluent
import Vapor

/// The pages: `/messages` (list and search), `/messages/requests`, `/messages/new`, a
/// conversation, and the forms that change them (each a POST answered 303, or 422 with the form).
struct MessagingController: RouteCollection {
    /// A message form: the text (5,000 characters, up to 20,000 code points of up to 4 bytes,
    /// each byte percent-encoded as 3) and the token.
    static let messageForm = AcceptedBody.form(maxBytes: 256 * 1024, maxFields: 8)
    /// Forms that pick members (a new group, adding participants) list up to 100 connections.
    static let pickerForm = AcceptedBody.form(maxBytes: 72 * 1024, maxFields: 128)

    func boot(routes: any RoutesBuilder) throws {
        routes.get(MessagingURL.messages.pathComponents, use: index).readingQuery(ListParameters.parameterNames(filters: []))
        routes.post(MessagingURL.messages.pathComponents, accepting: Self.pickerForm, use: create)
        routes.get(MessagingURL.requests.pathComponents, use: requests).readingQuery([ListParameters.cursorKey])
        routes.get(MessagingURL.compose.pathComponents, use: compose).readingQuery(["to"])
        routes.get(MessagingURL.conversation(.key).pathComponents, use: show).readingQuery([ListParameters.cursorKey])
        routes.post(MessagingURL.conversation(.key).pathComponents, accepting: Self.messageForm, use: send)
        routes.get(MessagingURL.editMessage(.key, .key).pathComponents, use: editForm)
        routes.post(MessagingURL.editMessage(.key, .key).pathComponents, accepting: Self.messageForm, use: edit)
        routes.post(MessagingURL.deleteMessage(.key, .key).pathComponents, accepting: .form(), use: delete)
        routes.post(MessagingURL.accept(.key).pathComponents, accepting: .form(), use: accept)
        routes.post(MessagingURL.decline(.key).pathComponents, accepting: .form(), use: decline)
        routes.post(MessagingURL.report(.key).pathComponents, accepting: .form(), use: report)
        routes.post(MessagingURL.leave(.key).pathComponents, accepting: .form(), use: leave)
        routes.post(MessagingURL.participants(.key).pathComponents, accepting: Self.pickerForm, use: addParticipants)
    }

    struct MessageForm: Content {
        var body: String?
    }

    struct CreateForm: Content {
        var to: String?
        var title: String?
        var members: [String]?
        var body: String?
    }

    struct MembersForm: Content {
        var members: [String]?
    }

    // MARK: lists

    func index(req: Request) async throws -> View {
        let principal = try req.require()
        let reading = ListParameters.read(req, filters: [], cursor: MessagingCursor.self)
        let cursor = reading.parameters.cursor.flatMap(MessagingCursor.init(encoded:))
        let result = try await ConversationQueries.page(
            of: principal.memberID, state: .active, text: reading.parameters.text, after: cursor,
            limit: MessagingLimits.conversationsPerPage, relations: req.application.audienceRelations, on: req.db)
        let cards = try await Self.cards(result.items, for: principal, on: req)
        let list = ListPage(
            request: req, path: MessagingURL.messages.path, parameters: reading.parameters, filterOrder: [],
            searchLabel: "messaging.search.label", facets: [], items: cards, orderNote: "messaging.list.order",
            nextCursor: result.next?.encoded, cursorRefused: reading.cursorRefused)
        return try await req.view.render("messages/index", ConversationListPage(page: PageContext(request: req, titleKey: "messaging.list.title"), list: list))
    }

    func requests(req: Request) async throws -> View {
        let principal = try req.require()
        let reading = ListParameters.read(req, filters: [], cursor: MessagingCursor.self)
        let cursor = reading.parameters.cursor.flatMap(MessagingCursor.init(encoded:))
        let result = try await ConversationQueries.page(
            of: principal.memberID, state: .requested, after: cursor, limit: MessagingLimits.conversationsPerPage,
            relations: req.application.audienceRelations, on: req.db)
        let cards = try await Self.cards(result.items, for: principal, on: req)
        let next = result.next.map { MessagingURL.requests.path + "?cursor=" + $0.encoded }
        return try await req.view.render("messages/requests", MessageRequestsPage(
            page: PageContext(request: req, titleKey: "messaging.requests.title"), items: cards, hasItems: !cards.isEmpty, nextURL: next))
    }

    /// Cards for a page of conversations: names and last messages in two queries.
    static func cards(_ items: [ConversationSummary], for principal: Principal, on req: Request) async throws -> [ConversationCard] {
        let ids = items.map(\.conversationID)
        let participants = try await ConversationQueries.participants(of: ids, on: req.db)
        let lastMessages = try await Message.query(on: req.db).filter(\.$id ~~ items.compactMap(\.lastMessageID)).all()
        let byID = Dictionary(uniqueKeysWithValues: lastMessages.map { ($0.id!, $0) })
        let names = try await ConversationQueries.names(participants.values.flatMap { $0.map(\.memberID) }, on: req.db)
        let time = MessagingTime(req)
        return items.map { item in
            let others = (participants[item.conversationID] ?? []).filter { $0.memberID != principal.memberID }
            let name = item.kind == .group
                ? (item.title ?? "")
                : (item.peerID.flatMap { names[$0] } ?? others.first.flatMap { names[$0.memberID] } ?? "")
            let last = item.lastMessageID.flatMap { byID[$0] }
            let id = item.conversationID
            return ConversationCard(
                id: id.uuidString.lowercased(), url: MessagingURL.conversationPath(id), name: name, isGroup: item.kind == .group,
                preview: last.map { LinkedText.paragraphs(String($0.body.prefix(280))) } ?? [], previewDeleted: last?.deletedMicros != nil,
                hasPreview: last != nil, time: time.text(item.lastMessageMicros), datetime: Micros.iso(item.lastMessageMicros),
                isUnread: item.isUnread, acceptURL: MessagingURL.accept(.value(id)).path, declineURL: MessagingURL.decline(.value(id)).path,
                reportURL: MessagingURL.report(.value(id)).path)
        }
    }

    // MARK: composing

    func compose(req: Request) async throws -> View {
        let principal = try req.require()
        let to = try? req.query.get(String.self, at: "to")
        return try await renderCompose(req, principal: principal, form: CreateForm(to: to), errors: [:])
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.require()
        let form = try req.content.decode(CreateForm.self)
        return try await req.submitting({
            let id: UUID
            if let to = form.to, !to.isEmpty {
                id = try await req.messaging.startDirect(from: principal, to: UUID(uuidString: to), body: form.body)
            } else {
                let members = try Self.memberIDs(form.members)
                id = try await req.messaging.startGroup(by: principal, title: form.title, members: members, body: form.body)
            }
            return redirect(to: MessagingURL.conversationPath(id) + "#compose", flash: "flash.messageSent", on: req)
        }, orShowForm: { errors in
            try await renderCompose(req, principal: principal, form: form, errors: errors.messages(for: req)).encodeResponse(for: req)
        })
    }

    /// Member ids from a form; anything else is a field error, never a 500.
    static func memberIDs(_ values: [String]?) throws -> [UUID] {
        var ids: [UUID] = []
        for value in values ?? [] where !value.isEmpty {
            guard let id = UUID(uuidString: value) else { throw MessagingService.fieldError("members", "messaging.error.members.connections") }
            ids.append(id)
        }
        return ids
    }

    private func renderCompose(_ req: Request, principal: Principal, form: CreateForm, errors: [String: String]) async throws -> View {
        let to = form.to.flatMap { $0.isEmpty ? nil : $0 }
        var recipientName = ""
        var choices: [MemberChoice] = []
        if let to {
            // Only someone the member may see and write to is named; anyone else is not found.
            guard let id = UUID(uuidString: to), id != principal.memberID,
                  let name = try await Self.reachableName(id, for: principal, on: req) else { throw Abort(.notFound) }
            recipientName = name
        } else {
            let connections = try await req.application.audienceRelations.connectionIDs(of: principal.memberID, limit: MessagingLimits.pickerConnections, on: req.db)
            let names = try await ConversationQueries.names(connections, on: req.db)
            let chosen = Set(form.members ?? [])
            choices = connections.compactMap { id in
                names[id].map { MemberChoice(id: "f-members-\(id.uuidString.lowercased())", value: id.uuidString.lowercased(), name: $0, checked: chosen.contains(id.uuidString.lowercased())) }
            }
        }
        let titleKey = to == nil ? "messaging.compose.group.title" : "messaging.compose.title"
        return try await req.view.render("messages/compose", ComposePage(
            page: PageContext(request: req, titleKey: titleKey), isDirect: to != nil, to: to ?? "", recipientName: recipientName,
            title: form.title ?? "", titleError: errors["title"], choices: choices, hasChoices: !choices.isEmpty,
            membersError: errors["members"], toError: errors["to"], body: form.body ?? "", bodyError: errors["body"]))
    }

    /// The name of a member the viewer may write to (a connection, or someone whose profile they
    /// may see), or nil.
    static func reachableName(_ id: UUID, for principal: Principal, on req: Request) async throws -> String? {
        let relations = req.application.audienceRelations
        guard let member = try await Member.find(id, on: req.db), !member.isSuspended,
              try await !relations.isBlocked(between: principal.memberID, and: id, on: req.db) else { return nil }
        if try await relations.isConnection(id, of: principal.memberID, on: req.db) { return member.displayName }
        return try await ProfileQueries.visible(id, to: principal, by: req.audiencePolicy, on: req.db)?.displayName
    }

    // MARK: a conversation

    func show(req: Request) async throws -> View {
        let principal = try req.require()
        let access = try await req.messaging.reach(try Self.conversationID(req), by: principal)
        let cursorText = try? req.query.get(String.self, at: ListParameters.cursorKey)
        let cursor = cursorText.flatMap(MessagingCursor.init(encoded:))
        if access.me.state == .active, cursor == nil, try await req.messaging.markRead(access, by: principal) {
            try await req.refreshHeaderBadges()
        }
        return try await renderConversation(req, access: access, principal: principal, cursor: cursor)
    }

    func send(req: Request) async throws -> Response {
        let principal = try req.require()
        let id = try Self.conversationID(req)
        let form = try req.content.decode(MessageForm.self)
        return try await req.submitting({
            try await req.messaging.send(form.body, to: id, by: principal)
            return redirect(to: MessagingURL.conversationPath(id) + "#compose", on: req)
        }, orShowForm: { errors in
            let access = try await req.messaging.reach(id, by: principal)
            return try await renderConversation(req, access: access, principal: principal, cursor: nil, body: form.body ?? "", errors: errors.messages(for: req)).encodeResponse(for: req)
        })
    }

    func renderConversation(
        _ req: Request, access: ConversationAccess, principal: Principal, cursor: MessagingCursor?, body: String = "", errors: [String: String] = [:]
    ) async throws -> View {
        let id = access.id
        let me = principal.memberID
        let conversation = access.conversation
        let page = try await ConversationQueries.messages(in: id, after: cursor, limit: MessagingLimits.messagesPerPage, on: req.db)
        let participants = try await ConversationQueries.participants(of: [id], on: req.db)[id] ?? []
        let names = try await ConversationQueries.names(participants.map(\.memberID) + page.items.map(\.authorID), on: req.db)
        let others = participants.filter { $0.memberID != me }
        let isGroup = conversation.kind == .group
        let title = isGroup ? (conversation.title ?? "") : (access.me.peerID.flatMap { names[$0] } ?? "")
        let time = MessagingTime(req)
        let now = req.application.clock.now
        let messages = page.items.reversed().map { message in
            let mine = message.authorID == me
            let deleted = message.deletedMicros != nil
            let editable = mine && !deleted && access.canWrite && now.timeIntervalSince(Micros.date(message.createdMicros)) <= MessagingLimits.editWindow
            return MessageItem(
                id: message.id!.uuidString.lowercased(), authorName: names[message.authorID] ?? "", isMine: mine,
                time: time.text(message.createdMicros), datetime: Micros.iso(message.createdMicros), micros: String(message.createdMicros),
                paragraphs: deleted ? [] : LinkedText.paragraphs(message.body), isDeleted: deleted, isEdited: message.editedMicros != nil && !deleted,
                editURL: editable ? MessagingURL.editMessage(.value(id), .value(message.id!)).path : nil,
                deleteURL: mine && !deleted ? MessagingURL.deleteMessage(.value(id), .value(message.id!)).path : nil)
        }
        // Who has read the last message (never someone who shows no read marks: see `showsRead`).
        let newest = cursor == nil ? page.items.first : nil
        let readers = others.filter { $0.state == .active && $0.showsRead && $0.lastReadMicros >= conversation.lastMessageMicros }.map(\.memberID)
        var readNote: String?
        if let newest, newest.authorID == me || isGroup, !readers.isEmpty {
            readNote = isGroup ? req.t(count: readers.count, one: "messaging.read.group.one", other: "messaging.read.group.other") : req.t("messaging.read.direct")
        }
        var choices: [MemberChoice] = []
        let isCreator = isGroup && conversation.creatorID == me && access.me.state == .active
        if isCreator {
            let present = Set(participants.filter { $0.state == .active }.map(\.memberID))
            let connections = try await req.application.audienceRelations.connectionIDs(of: me, limit: MessagingLimits.pickerConnections, on: req.db)
                .filter { !present.contains($0) }
            let connectionNames = try await ConversationQueries.names(connections, on: req.db)
            choices = connections.compactMap { member in
                connectionNames[member].map { MemberChoice(id: "f-members-\(member.uuidString.lowercased())", value: member.uuidString.lowercased(), name: $0, checked: false) }
            }
        }
        let earlier = page.next.map { MessagingURL.conversationPath(id) + "?cursor=" + $0.encoded }
        return try await req.view.render("messages/show", ConversationPage(
            page: PageContext(request: req, titleKey: "messaging.conversation.title"), id: id.uuidString.lowercased(), title: title, isGroup: isGroup,
            participants: isGroup ? participants.filter { $0.state == .active }.compactMap { names[$0.memberID] } : [],
            messages: messages, hasMessages: !messages.isEmpty, earlierURL: earlier, isLatestPage: cursor == nil,
            canWrite: access.canWrite, isReadOnly: access.blockedByPeer, isRequest: access.isRequestForMe,
            sendURL: MessagingURL.conversationPath(id), body: body, bodyError: errors["body"],
            readers: readers.map { $0.uuidString.lowercased() }.joined(separator: " "), readNote: readNote,
            seenOne: req.t("messaging.read.group.one", ["count": "{count}"]), seenOther: req.t("messaging.read.group.other", ["count": "{count}"]),
            seenDirect: req.t("messaging.read.direct"),
            leaveURL: isGroup && access.me.state == .active ? MessagingURL.leave(.value(id)).path : nil,
            participantsURL: isCreator ? MessagingURL.participants(.value(id)).path : nil,
            addChoices: choices, hasAddChoices: !choices.isEmpty, membersError: errors["members"],
            acceptURL: MessagingURL.accept(.value(id)).path, declineURL: MessagingURL.decline(.value(id)).path, reportURL: MessagingURL.report(.value(id)).path,
            me: me.uuidString.lowercased(), deletedText: req.t("messaging.message.deleted"), editedText: req.t("messaging.message.edited"),
            script: req.application.assetVersions.url(for: "js/messages.js")))
    }

    // MARK: one message

    func editForm(req: Request) async throws -> View {
        let principal = try req.require()
        let (id, messageID) = try (Self.conversationID(req), Self.messageID(req))
        _ = try await req.messaging.reach(id, by: principal)
        guard let message = try await Message.query(on: req.db).filter(\.$id == messageID).filter(\.$conversationID == id)
            .filter(\.$authorID == principal.memberID).filter(\.$deletedMicros == nil).first() else { throw Abort(.notFound) }
        return try await renderEdit(req, conversation: id, message: messageID, body: message.body, error: nil)
    }

    func edit(req: Request) async throws -> Response {
        let principal = try req.require()
        let (id, messageID) = try (Self.conversationID(req), Self.messageID(req))
        let form = try req.content.decode(MessageForm.self)
        return try await req.submitting({
            try await req.messaging.edit(messageID, in: id, body: form.body, by: principal)
            return redirect(to: MessagingURL.conversationPath(id), flash: "flash.messageEdited", on: req)
        }, orShowForm: { errors in
            try await renderEdit(req, conversation: id, message: messageID, body: form.body ?? "", error: errors.messages(for: req)["body"]).encodeResponse(for: req)
        })
    }

    private func renderEdit(_ req: Request, conversation: UUID, message: UUID, body: String, error: String?) async throws -> View {
        try await req.view.render("messages/edit", EditMessagePage(
            page: PageContext(request: req, titleKey: "messaging.edit.title"), action: MessagingURL.editMessage(.value(conversation), .value(message)).path,
            backURL: MessagingURL.conversationPath(conversation), body: body, bodyError: error))
    }

    func delete(req: Request) async throws -> Response {
        let principal = try req.require()
        let (id, messageID) = try (Self.conversationID(req), Self.messageID(req))
        try await req.messaging.delete(messageID, in: id, by: principal)
        return redirect(to: MessagingURL.conversationPath(id), flash: "flash.messageDeleted", on: req)
    }

    // MARK: requests and groups

    func accept(req: Request) async throws -> Response {
        let id = try Self.conversationID(req)
        try await req.messaging.answerRequest(id, .accept, by: req.require())
        return redirect(to: MessagingURL.conversationPath(id), flash: "flash.requestAccepted", on: req)
    }

    func decline(req: Request) async throws -> Response {
        try await req.messaging.answerRequest(try Self.conversationID(req), .decline, by: req.require())
        return redirect(to: MessagingURL.requests.path, flash: "flash.requestDeclined", on: req)
    }

    func report(req: Request) async throws -> Response {
        try await req.messaging.answerRequest(try Self.conversationID(req), .report, by: req.require())
        return redirect(to: MessagingURL.requests.path, flash: "flash.requestReported", on: req)
    }

    func leave(req: Request) async throws -> Response {
        try await req.messaging.leave(try Self.conversationID(req), by: req.require())
        return redirect(to: MessagingURL.messages.path, flash: "flash.conversationLeft", on: req)
    }

    func addParticipants(req: Request) async throws -> Response {
        let principal = try req.require()
        let id = try Self.conversationID(req)
        let form = try req.content.decode(MembersForm.self)
        return try await req.submitting({
            try await req.messaging.addParticipants(try Self.memberIDs(form.members), to: id, by: principal)
            return redirect(to: MessagingURL.conversationPath(id), flash: "flash.participantsAdded", on: req)
        }, orShowForm: { errors in
            let access = try await req.messaging.reach(id, by: principal)
            return try await renderConversation(req, access: access, principal: principal, cursor: nil, errors: errors.messages(for: req)).encodeResponse(for: req)
        })
    }

    static func conversationID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get(MessagingURL.Key.conversation, as: UUID.self) else { throw Abort(.notFound) }
        return id
    }

    static func messageID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get(MessagingURL.Key.message, as: UUID.self) else { throw Abort(.notFound) }
        return id
    }
}
