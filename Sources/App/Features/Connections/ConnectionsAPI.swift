import Vapor

/// The connections part of the JSON API: the same lists and actions as the pages, under
/// `/api/v1/connections`, `/api/v1/connection-requests` and `/api/v1/blocks`.
struct ConnectionsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let v1 = routes.api()
        v1.get("connections", use: connections).readingQuery(ConnectionsCursor.parameterNames)
        v1.on(.DELETE, ["connections", ":memberID"], accepting: .nothing, use: remove)
        v1.get("connection-requests", "received", use: received).readingQuery(ConnectionsCursor.parameterNames)
        v1.get("connection-requests", "sent", use: sent).readingQuery(ConnectionsCursor.parameterNames)
        // As on the pages: asking and blocking never tell their timing (a block answers like no one).
        let untimed = v1.withoutServerTiming()
        untimed.post("connection-requests", accepting: .json(maxBytes: Self.requestBytes), use: create)
        v1.post("connection-requests", ":requestID", "accept", accepting: .nothing, use: accept)
        v1.post("connection-requests", ":requestID", "decline", accepting: .nothing, use: decline)
        // A POST like accept and decline: a DELETE on `…/{requestID}` would share its place in the
        // router with the lists `…/received` and `…/sent`, and their `Allow` would name it.
        v1.post("connection-requests", ":requestID", "withdraw", accepting: .nothing, use: withdraw)
        untimed.get("blocks", use: blocks).readingQuery(ConnectionsCursor.parameterNames)
        untimed.on(.PUT, ["blocks", ":memberID"], accepting: .nothing, use: block)
        untimed.on(.DELETE, ["blocks", ":memberID"], accepting: .nothing, use: unblock)
    }

    /// A member id and a note of 500 characters of up to four bytes, escaped.
    static let requestBytes = 8 * 1024

    struct Person: Content {
        let id: UUID
        let displayName: String
    }

    struct Item: Content {
        let member: Person
        /// When connected, asked or blocked.
        let at: Date
        /// The request, for received and sent requests.
        let requestID: UUID?
        let note: String?

        init(_ item: ConnectionsListItem) {
            member = Person(id: item.member.id, displayName: item.member.name)
            at = item.at
            requestID = item.requestID
            note = item.note
        }
    }

    struct Page: Content {
        let items: [Item]
        let nextCursor: String?

        init(_ page: ConnectionsPage<ConnectionsListItem>) {
            items = page.items.map(Item.init)
            nextCursor = page.next?.encoded
        }
    }

    struct NewRequest: Content {
        var memberID: UUID?
        var note: String?
    }

    /// What became of a request, as its sender sees it: `pending` (declined ones too) or `connected`.
    struct RequestResult: Content, Equatable {
        enum State: String, Codable { case pending, connected }
        let state: State
        let requestID: UUID?
    }

    func connections(req: Request) async throws -> Page {
        let me = try req.require().memberID
        return Page(try await ConnectionQueries.connections(of: me, after: try ConnectionsCursor.read(req), on: req.db))
    }

    func received(req: Request) async throws -> Page {
        let me = try req.require().memberID
        return Page(try await ConnectionQueries.received(by: me, after: try ConnectionsCursor.read(req), on: req.db))
    }

    func sent(req: Request) async throws -> Page {
        let me = try req.require().memberID
        return Page(try await ConnectionQueries.sent(by: me, after: try ConnectionsCursor.read(req), on: req.db))
    }

    func blocks(req: Request) async throws -> Page {
        let me = try req.require().memberID
        return Page(try await ConnectionQueries.blocks(by: me, after: try ConnectionsCursor.read(req), on: req.db))
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.require()
        let body = try req.content.decode(NewRequest.self)
        guard let target = body.memberID else {
            var errors = FormErrors()
            errors.add("memberID", "connections.error.memberRequired")
            throw errors
        }
        let result: RequestResult
        switch try await req.connections.request(from: principal, to: target, note: body.note) {
        case .sent(let id): result = RequestResult(state: .pending, requestID: id)
        case .connected: result = RequestResult(state: .connected, requestID: nil)
        }
        return try await result.encodeResponse(status: .created, for: req)
    }

    func accept(req: Request) async throws -> Response {
        try await req.connections.accept(try id(req, "requestID"), by: req.require())
        return Response(status: .noContent)
    }

    func decline(req: Request) async throws -> Response {
        try await req.connections.decline(try id(req, "requestID"), by: req.require())
        return Response(status: .noContent)
    }

    func withdraw(req: Request) async throws -> Response {
        try await req.connections.withdraw(try id(req, "requestID"), by: req.require())
        return Response(status: .noContent)
    }

    func remove(req: Request) async throws -> Response {
        try await req.connections.remove(connectionWith: try id(req, "memberID"), by: req.require())
        return Response(status: .noContent)
    }

    func block(req: Request) async throws -> Response {
        try await req.connections.block(try id(req, "memberID"), by: req.require())
        return Response(status: .noContent)
    }

    func unblock(req: Request) async throws -> Response {
        try await req.connections.unblock(try id(req, "memberID"), by: req.require())
        return Response(status: .noContent)
    }

    private func id(_ req: Request, _ name: String) throws -> UUID {
        guard let id = req.parameters.get(name, as: UUID.self) else { throw Abort(.notFound) }
        return id
    }
}
