import Vapor

/// The pages of connections: the three lists, the request form, answers, removing, blocking
/// and the block list. Every action is a POST form with the CSRF token, answered by a redirect
/// and a flash message.
struct ConnectionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(ConnectionsURL.connections.pathComponents, use: { try await list($0, .connections) })
        routes.get(ConnectionsURL.received.pathComponents, use: { try await list($0, .received) })
        routes.get(ConnectionsURL.sent.pathComponents, use: { try await list($0, .sent) })
        // Asking a member who blocks you does more work than asking no one, then answers the same:
        // the request and block routes never tell their timing.
        let untimed = routes.withoutServerTiming()
        untimed.get(ConnectionsURL.requestForm(.key).pathComponents, use: requestForm)
        untimed.post(ConnectionsURL.requestForm(.key).pathComponents, accepting: Self.noteForm, use: sendRequest)
        routes.post(ConnectionsURL.accept(.key).pathComponents, accepting: .form(), use: accept)
        routes.post(ConnectionsURL.decline(.key).pathComponents, accepting: .form(), use: decline)
        routes.post(ConnectionsURL.withdraw(.key).pathComponents, accepting: .form(), use: withdraw)
        routes.post(ConnectionsURL.remove(.key).pathComponents, accepting: .form(), use: remove)
        untimed.get(ConnectionsURL.block(.key).pathComponents, use: blockConfirmation)
        untimed.post(ConnectionsURL.block(.key).pathComponents, accepting: .form(), use: block)
        untimed.post(ConnectionsURL.unblock(.key).pathComponents, accepting: .form(), use: unblock)
        untimed.get(ConnectionsURL.blocks.pathComponents, use: blocks)
    }

    /// The note: 500 characters of up to four bytes, percent-encoded.
    static let noteForm = AcceptedBody.form(maxBytes: 24 * 1024, maxFields: 4)

    struct NoteForm: Content {
        var note: String?
    }

    func list(_ req: Request, _ kind: ConnectionsListPage.Kind) async throws -> View {
        let me = try req.require().memberID
        let (cursor, refused) = Self.pageCursor(req)
        let list: ConnectionsPage<ConnectionsListItem>
        switch kind {
        case .connections: list = try await ConnectionQueries.connections(of: me, after: cursor, on: req.db)
        case .received: list = try await ConnectionQueries.received(by: me, after: cursor, on: req.db)
        case .sent: list = try await ConnectionQueries.sent(by: me, after: cursor, on: req.db)
        }
        return try await req.view.render("connections/index", ConnectionsListPage(request: req, kind: kind, list: list, cursorRefused: refused))
    }

    func requestForm(req: Request) async throws -> View {
        let principal = try req.require()
        let member = try await reachableMember(req, from: principal)
        return try await req.view.render("connections/request", ConnectionRequestPage(request: req, member: member))
    }

    func sendRequest(req: Request) async throws -> Response {
        let principal = try req.require()
        let member = try await reachableMember(req, from: principal)
        let form = try req.content.decode(NoteForm.self)
        return try await req.submitting({
            let outcome = try await req.connections.request(from: principal, to: member.id, note: form.note)
            let flash = outcome == .connected ? "flash.connectionMade" : "flash.connectionRequestSent"
            return redirect(to: ProfilesURL.member(.value(member.id)).path, flash: flash, on: req)
        }, orShowForm: { errors in
            try await req.view.render("connections/request", ConnectionRequestPage(
                request: req, member: member, note: form.note ?? "", errors: errors.messages(for: req))).encodeResponse(for: req)
        })
    }

    func accept(req: Request) async throws -> Response {
        try await req.connections.accept(try requestID(req), by: req.require())
        return redirect(to: ConnectionsURL.connections.path, flash: "flash.connectionAccepted", on: req)
    }

    func decline(req: Request) async throws -> Response {
        try await req.connections.decline(try requestID(req), by: req.require())
        return redirect(to: ConnectionsURL.received.path, flash: "flash.connectionDeclined", on: req)
    }

    func withdraw(req: Request) async throws -> Response {
        try await req.connections.withdraw(try requestID(req), by: req.require())
        return redirect(to: ConnectionsURL.sent.path, flash: "flash.connectionWithdrawn", on: req)
    }

    func remove(req: Request) async throws -> Response {
        try await req.connections.remove(connectionWith: try memberID(req), by: req.require())
        return redirect(to: ConnectionsURL.connections.path, flash: "flash.connectionRemoved", on: req)
    }

    func blockConfirmation(req: Request) async throws -> View {
        let principal = try req.require()
        let id = try memberID(req)
        // Whether the other blocks you is not told: only missing, hidden and oneself are 404.
        guard id != principal.memberID, let member = try await ConnectionQueries.listedMembers([id], on: req.db)[id] else { throw Abort(.notFound) }
        return try await req.view.render("connections/block", BlockConfirmationPage(request: req, member: member))
    }

    func block(req: Request) async throws -> Response {
        let principal = try req.require()
        let id = try memberID(req)
        guard id != principal.memberID else { throw Abort(.notFound) }
        try await req.connections.block(id, by: principal)
        return redirect(to: ConnectionsURL.blocks.path, flash: "flash.memberBlocked", on: req)
    }

    func unblock(req: Request) async throws -> Response {
        try await req.connections.unblock(try memberID(req), by: req.require())
        return redirect(to: ConnectionsURL.blocks.path, flash: "flash.memberUnblocked", on: req)
    }

    func blocks(req: Request) async throws -> View {
        let me = try req.require().memberID
        let (cursor, refused) = Self.pageCursor(req)
        let list = try await ConnectionQueries.blocks(by: me, after: cursor, on: req.db)
        return try await req.view.render("connections/blocks", BlockListPage(request: req, list: list, cursorRefused: refused))
    }

    /// Pages drop a cursor they cannot read and show the first page, saying so.
    static func pageCursor(_ req: Request) -> (ConnectionsCursor?, Bool) {
        do { return (try ConnectionsCursor.read(req), false) } catch { return (nil, true) }
    }

    private func memberID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get(ConnectionsURL.Key.member, as: UUID.self) else { throw Abort(.notFound) }
        return id
    }

    private func requestID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get(ConnectionsURL.Key.request, as: UUID.self) else { throw Abort(.notFound) }
        return id
    }

    /// The member the request form is about: listable, not oneself, not blocked either way (404).
    private func reachableMember(_ req: Request, from principal: Principal) async throws -> ListedMember {
        let id = try memberID(req)
        guard id != principal.memberID else { throw Abort(.notFound) }
        try await ConnectionService.requireReachable(id, from: principal.memberID, on: req.db)
        guard let member = try await ConnectionQueries.listedMembers([id], on: req.db)[id] else { throw Abort(.notFound) }
        return member
    }
}
