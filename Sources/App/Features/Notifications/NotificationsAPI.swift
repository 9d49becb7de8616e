import Fluent
import Vapor

/// The notifications part of the JSON API (`/api/v1/notifications…`): the same queries as the
/// pages, answers as API types; field errors go through as a 422 problem.
struct NotificationsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let notifications = routes.api("notifications")
        notifications.get(use: list).readingQuery(["cursor"])
        notifications.get("unread-count", use: unreadCount)
        notifications.post(":id", "read", accepting: .nothing, use: markRead)
        notifications.post("read-all", accepting: .nothing, use: markAllRead)
        notifications.get("preferences", use: preferences)
        notifications.on(.PUT, ["preferences"], accepting: .json(), use: savePreferences)
        notifications.post("unsubscribe", accepting: .json(), use: unsubscribe)
    }

    // MARK: - API types

    struct Actor: Content {
        let id: UUID
        let displayName: String
    }

    struct Line: Content {
        let id: UUID
        let kind: String
        /// The line as the page shows it, in the request's language.
        let text: String
        let actor: Actor?
        let count: Int
        let link: String
        let parameters: [String: String]
        let read: Bool
        let createdAt: Date
        let updatedAt: Date
    }

    struct LineList: Content {
        let items: [Line]
        let nextCursor: String?
        let unreadCount: Int
    }

    struct UnreadCount: Content {
        let count: Int
    }

    struct Preference: Content {
        let kind: String
        let label: String
        let delivery: MailDelivery
        let defaultDelivery: MailDelivery
    }

    struct PreferenceList: Content {
        let items: [Preference]
    }

    struct PreferencesBody: Content {
        var preferences: [String: String]?
    }

    struct TokenBody: Content {
        var token: String?
    }

    // MARK: - Handlers

    func list(req: Request) async throws -> LineList {
        let principal = try req.require()
        var cursor: NotificationCursor?
        if let text = req.query[String.self, at: "cursor"] {
            guard let read = NotificationCursor(encoded: text) else {
                var errors = FormErrors()
                errors.add("cursor", "notifications.error.cursor")
                throw errors
            }
            cursor = read
        }
        let page = try await NotificationQueries.page(of: principal.memberID, after: cursor, on: req.db)
        let names = try await NotificationQueries.names(of: Set(page.lines.compactMap(\.actorID)), on: req.db)
        let kinds = req.application.notificationKinds
        let items = try page.lines.map { line in
            let actor = line.actorID.flatMap { id in names[id].map { Actor(id: id, displayName: $0) } }
            return Line(
                id: try line.requireID(), kind: line.kind,
                text: NotificationText.line(line, kinds: kinds, actorName: actor?.displayName, locale: req.appLocale, catalogs: req.application.catalogs),
                actor: actor, count: line.count, link: line.link, parameters: line.parameterValues, read: line.readAt != nil,
                createdAt: line.createdAt, updatedAt: line.updatedAt
            )
        }
        return LineList(items: items, nextCursor: page.next?.encoded, unreadCount: try await NotificationQueries.unreadCount(of: principal.memberID, on: req.db))
    }

    func unreadCount(req: Request) async throws -> UnreadCount {
        UnreadCount(count: try await NotificationQueries.unreadCount(of: try req.require().memberID, on: req.db))
    }

    func markRead(req: Request) async throws -> Response {
        let principal = try req.require()
        guard let id = req.parameters.get("id", as: UUID.self) else { throw Abort(.notFound) }
        let found = try await req.db.writeTransaction { db in
            let found = try await NotificationQueries.markRead(id, of: principal.memberID, now: req.application.clock.now, on: db)
            if found { try await StoredNotifier.publishUnreadCount(of: principal.memberID, app: req.application, on: db) }
            return found
        }
        guard found else { throw Abort(.notFound) }
        return Response(status: .noContent)
    }

    func markAllRead(req: Request) async throws -> Response {
        let principal = try req.require()
        try await req.db.writeTransaction { db in
            try await NotificationQueries.markAllRead(of: principal.memberID, now: req.application.clock.now, on: db)
            try await StoredNotifier.publishUnreadCount(of: principal.memberID, app: req.application, on: db)
        }
        return Response(status: .noContent)
    }

    func preferences(req: Request) async throws -> PreferenceList {
        let principal = try req.require()
        let current = try await NotificationQueries.deliveries(for: principal.memberID, kinds: req.application.notificationKinds.all, on: req.db)
        return PreferenceList(items: current.map { Preference(kind: $0.kind.id, label: req.t($0.kind.labelKey), delivery: $0.delivery, defaultDelivery: $0.kind.defaultDelivery) })
    }

    func savePreferences(req: Request) async throws -> PreferenceList {
        let principal = try req.require()
        let body = try req.content.decode(PreferencesBody.self)
        guard let choices = body.preferences else {
            var errors = FormErrors()
            errors.add("preferences", "notifications.error.preferences")
            throw errors
        }
        let valid = try NotificationQueries.validated(choices, kinds: req.application.notificationKinds) { "preferences.\($0)" }
        try await req.db.writeTransaction { db in
            try await NotificationQueries.save(valid, for: principal.memberID, now: req.application.clock.now, on: db)
        }
        return try await preferences(req: req)
    }

    func unsubscribe(req: Request) async throws -> Response {
        let body = try req.content.decode(TokenBody.self)
        guard let target = try await NotificationUnsubscribe.target(body.token ?? "", req: req) else {
            var errors = FormErrors()
            errors.add("token", "notifications.error.token")
            throw errors
        }
        try await NotificationUnsubscribe.apply(target, application: req.application, on: req.db)
        return Response(status: .noContent)
    }
}
