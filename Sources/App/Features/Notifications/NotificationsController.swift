import Fluent
import Vapor

/// The notification pages: the list (open, mark read, mark all read), the mail preferences, and
/// the unsubscribe page a mail links to, which works signed out.
struct NotificationsController: RouteCollection {
    static let preferencesForm = AcceptedBody.form(maxBytes: 8 * 1024, maxFields: 128)
    /// The confirming button's form, or a mail client's `List-Unsubscribe=One-Click`.
    /// Mail providers post RFC 8058's one-click body urlencoded or (as the RFC prefers) as
    /// `multipart/form-data`; our own confirmation page posts it urlencoded.
    static let unsubscribeForm = AcceptedBody.eitherForm(maxBytes: 2048, maxFields: 4)

    func boot(routes: any RoutesBuilder) throws {
        routes.get(NotificationsURL.list.pathComponents, use: list).readingQuery(["cursor"])
        routes.get(NotificationsURL.open(.key).pathComponents, use: open)
        routes.post(NotificationsURL.markRead(.key).pathComponents, accepting: .form(), use: markRead)
        routes.post(NotificationsURL.markAllRead.pathComponents, accepting: .form(), use: markAllRead)
        // Account routes never say how long they took (as Accounts' own).
        let account = routes.withoutServerTiming()
        account.get(NotificationsURL.preferences.pathComponents, use: preferences)
        account.post(NotificationsURL.preferences.pathComponents, accepting: Self.preferencesForm, use: savePreferences)
        routes.get(NotificationsURL.unsubscribe(.key).pathComponents, use: unsubscribePage)
        // RFC 8058: the mail client posts `List-Unsubscribe=One-Click` with no page, session or
        // token of ours; the signed token in the URL is the authority, and the handler acts only
        // on the member and kind it names (never on the session).
        routes.post(NotificationsURL.unsubscribe(.key).pathComponents, accepting: Self.unsubscribeForm, use: unsubscribe)
            .exemptFromCSRF(because: "RFC 8058 one-click unsubscribe: the signed token in the URL is the authority")
    }

    // MARK: - The list

    func list(req: Request) async throws -> View {
        let principal = try req.require()
        var cursor: NotificationCursor?
        var refused = false
        if let text = req.query[String.self, at: "cursor"] {
            cursor = NotificationCursor(encoded: text)
            refused = cursor == nil
        }
        let page = try await NotificationQueries.page(of: principal.memberID, after: cursor, on: req.db)
        let names = try await NotificationQueries.names(of: Set(page.lines.compactMap(\.actorID)), on: req.db)
        let formatter = req.dateFormatter(date: .medium, time: .short)
        let kinds = req.application.notificationKinds
        let items = page.lines.compactMap { line -> NotificationsPage.Item? in
            guard let id = line.id else { return nil }
            return .init(
                id: id.uuidString.lowercased(),
                text: NotificationText.line(line, kinds: kinds, actorName: line.actorID.flatMap { names[$0] }, locale: req.appLocale, catalogs: req.application.catalogs),
                when: formatter.string(from: line.updatedAt),
                isUnread: line.readAt == nil,
                openURL: NotificationsURL.open(.value(id)).path,
                markReadURL: NotificationsURL.markRead(.value(id)).path
            )
        }
        let unread = try await NotificationQueries.unreadCount(of: principal.memberID, on: req.db)
        let context = NotificationsPage(
            page: PageContext(request: req, titleKey: "notifications.title"),
            items: items, hasItems: !items.isEmpty, hasUnread: unread > 0,
            unreadSummary: req.t(count: unread, one: "notifications.unread.one", other: "notifications.unread.other"),
            nextURL: page.next.map { NotificationsURL.list.path + "?cursor=" + $0.encoded },
            isFirstPage: cursor == nil, cursorRefused: refused, urls: .init()
        )
        return try await req.view.render("notifications/index", context)
    }

    /// Marks the line read and goes where it points (only ever a path on this site).
    func open(req: Request) async throws -> Response {
        let principal = try req.require()
        guard let id = req.parameters.get(NotificationsURL.Key.notification, as: UUID.self),
              let line = try await NotificationQueries.line(id, of: principal.memberID, on: req.db)
        else { throw Abort(.notFound) }
        if line.readAt == nil {
            try await req.db.writeTransaction { db in
                _ = try await NotificationQueries.markRead(id, of: principal.memberID, now: req.application.clock.now, on: db)
                try await StoredNotifier.publishUnreadCount(of: principal.memberID, app: req.application, on: db)
            }
        }
        return redirect(to: StoredNotifier.isLocalPath(line.link) ? line.link : NotificationsURL.list.path, on: req)
    }

    func markRead(req: Request) async throws -> Response {
        let principal = try req.require()
        guard let id = req.parameters.get(NotificationsURL.Key.notification, as: UUID.self) else { throw Abort(.notFound) }
        let found = try await req.db.writeTransaction { db in
            let found = try await NotificationQueries.markRead(id, of: principal.memberID, now: req.application.clock.now, on: db)
            if found { try await StoredNotifier.publishUnreadCount(of: principal.memberID, app: req.application, on: db) }
            return found
        }
        guard found else { throw Abort(.notFound) }
        return redirect(to: NotificationsURL.list.path, flash: "flash.notificationRead", on: req)
    }

    func markAllRead(req: Request) async throws -> Response {
        let principal = try req.require()
        try await req.db.writeTransaction { db in
            try await NotificationQueries.markAllRead(of: principal.memberID, now: req.application.clock.now, on: db)
            try await StoredNotifier.publishUnreadCount(of: principal.memberID, app: req.application, on: db)
        }
        return redirect(to: NotificationsURL.list.path, flash: "flash.notificationsAllRead", on: req)
    }

    // MARK: - Preferences

    func preferences(req: Request) async throws -> View {
        try await renderPreferences(req, chosen: [:], errors: FormErrors())
    }

    private func renderPreferences(_ req: Request, chosen: [String: String], errors: FormErrors) async throws -> View {
        let member = try await req.currentMember()
        let kinds = req.application.notificationKinds
        let current = try await NotificationQueries.deliveries(for: member.requireID(), kinds: kinds.all, on: req.db)
        let messages = errors.messages(for: req)
        let choices = current.map { entry -> NotificationPreferencesPage.Choice in
            let fieldID = "delivery-" + entry.kind.id.replacingOccurrences(of: ".", with: "-")
            let value = chosen[entry.kind.id] ?? entry.delivery.rawValue
            return .init(
                name: entry.kind.id, fieldID: fieldID, legendKey: entry.kind.labelKey,
                options: MailDelivery.allCases.map { delivery in
                    .init(id: fieldID + "-" + delivery.rawValue, value: delivery.rawValue, labelKey: Self.labelKey(delivery), checked: delivery.rawValue == value)
                },
                error: messages[entry.kind.id]
            )
        }
        let context = NotificationPreferencesPage(
            page: PageContext(request: req, titleKey: "notifications.preferences.title"),
            choices: choices, hasChoices: !choices.isEmpty, timeZone: member.timeZone,
            digestHour: String(format: "%02d:00", DigestPeriod.hour)
        )
        return try await req.view.render("notifications/preferences", context)
    }

    static func labelKey(_ delivery: MailDelivery) -> String {
        switch delivery {
        case .off: "notifications.delivery.off"
        case .immediately: "notifications.delivery.immediately"
        case .daily: "notifications.delivery.daily"
        case .weekly: "notifications.delivery.weekly"
        }
    }

    func savePreferences(req: Request) async throws -> Response {
        let principal = try req.require()
        var chosen: [String: String] = [:]
        if case .urlEncoded(let fields) = req.submittedForm {
            for field in fields.fields where field.name != CSRFMiddleware.formField { chosen[field.name] = field.value }
        }
        return try await req.submitting({
            let valid = try NotificationQueries.validated(chosen, kinds: req.application.notificationKinds) { $0 }
            try await req.db.writeTransaction { db in
                try await NotificationQueries.save(valid, for: principal.memberID, now: req.application.clock.now, on: db)
            }
            return redirect(to: NotificationsURL.preferences.path, flash: "flash.notificationPreferencesSaved", on: req)
        }, orShowForm: { errors in
            try await renderPreferences(req, chosen: chosen, errors: errors).encodeResponse(for: req)
        })
    }

    // MARK: - Unsubscribing from a mail

    func unsubscribePage(req: Request) async throws -> Response {
        guard let target = try await NotificationUnsubscribe.target(req.parameters.get(NotificationsURL.Key.token) ?? "", req: req) else {
            return try await refused(req)
        }
        let context = UnsubscribePage(
            page: PageContext(request: req, titleKey: "notifications.unsubscribe.title"),
            headingKey: "notifications.unsubscribe.heading",
            message: target.describe(req), action: req.url.path
        )
        return try await req.view.render("notifications/unsubscribe", context).encodeResponse(for: req)
    }

    func unsubscribe(req: Request) async throws -> Response {
        let token = req.parameters.get(NotificationsURL.Key.token) ?? ""
        guard let target = try await NotificationUnsubscribe.target(token, req: req) else { return try await refused(req) }
        try await NotificationUnsubscribe.apply(target, application: req.application, on: req.db)
        let context = UnsubscribePage(
            page: PageContext(request: req, titleKey: "notifications.unsubscribe.title"),
            headingKey: "notifications.unsubscribe.doneHeading",
            message: target.describeDone(req), action: nil
        )
        return try await req.view.render("notifications/unsubscribe", context).encodeResponse(for: req)
    }

    private func refused(_ req: Request) async throws -> Response {
        let context = UnsubscribePage(
            page: PageContext(request: req, titleKey: "notifications.unsubscribe.title"),
            headingKey: "notifications.unsubscribe.invalidHeading",
            message: req.t("notifications.unsubscribe.invalid"), action: nil
        )
        return try await req.view.render("notifications/unsubscribe", context).encodeResponse(status: .notFound, for: req)
    }
}

/// What an unsubscribe token stops, and stopping it: the page, the one-click POST and the API
/// share this one path.
enum NotificationUnsubscribe {
    struct Target {
        let member: UUID
        /// The kinds whose mail stops (one, or every kind for a mail that listed several).
        let kinds: [NotificationKind]

        func describe(_ req: Request) -> String {
            kinds.count == 1 ? req.t("notifications.unsubscribe.confirmKind", ["kind": req.t(kinds[0].labelKey)]) : req.t("notifications.unsubscribe.confirmAll")
        }

        func describeDone(_ req: Request) -> String {
            kinds.count == 1 ? req.t("notifications.unsubscribe.doneKind", ["kind": req.t(kinds[0].labelKey)]) : req.t("notifications.unsubscribe.doneAll")
        }
    }

    /// The target of a token this site signed for an existing member and a kind still
    /// announced; nil for anything else.
    static func target(_ token: String, req: Request) async throws -> Target? {
        guard let read = UnsubscribeToken.read(token, with: try await req.siteSecret) else { return nil }
        let kinds = req.application.notificationKinds
        let stopped: [NotificationKind]
        if read.scope == UnsubscribeToken.allKinds {
            stopped = kinds.all
        } else if let kind = kinds.kind(read.scope) {
            stopped = [kind]
        } else {
            return nil
        }
        guard !stopped.isEmpty, try await Member.find(read.member, on: req.db) != nil else { return nil }
        return Target(member: read.member, kinds: stopped)
    }

    static func apply(_ target: Target, application: Application, on database: any Database) async throws {
        try await database.writeTransaction { db in
            try await NotificationQueries.save(target.kinds.map { ($0, MailDelivery.off) }, for: target.member, now: application.clock.now, on: db)
        }
    }
}
