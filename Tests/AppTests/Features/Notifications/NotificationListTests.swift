@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Notifications: list, grouping, marking read")
struct NotificationListTests {
    @Test func unreadAnnouncementsOfOneGroupAreOneLineWithACountAndTheLastActor() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            let binta = try await makeMember(app, email: "binta@example.org", name: "Binta Sow")
            let carlos = try await makeMember(app, email: "carlos@example.org", name: "Carlos Mendes")
            try await announce(app, kinds.message, to: amina, from: binta, group: "conversation-1")
            try await announce(app, kinds.message, to: amina, from: binta, group: "conversation-1")
            try await announce(app, kinds.message, to: amina, from: carlos, group: "conversation-1")
            try await announce(app, kinds.message, to: amina, from: carlos, group: "conversation-2")

            let found = try await lines(app, of: amina)
            #expect(found.count == 2)
            let grouped = try #require(found.first { $0.groupKey == "conversation-1" })
            #expect(grouped.count == 3)
            #expect(grouped.actorID == carlos.id)
            #expect(try await NotificationQueries.unreadCount(of: amina.requireID(), on: app.db) == 2)

            // Once read, the next announcement of that group starts a new line.
            try await app.db.writeTransaction { db in try await app.notifier.markSeen(kinds.message, groupKey: "conversation-1", by: try amina.requireID(), on: db) }
            try await announce(app, kinds.message, to: amina, from: binta, group: "conversation-1")
            let after = try await lines(app, of: amina).filter { $0.groupKey == "conversation-1" }
            #expect(after.map(\.count) == [3, 1])
            #expect(after.first?.readAt != nil && after.last?.readAt == nil)
        }
    }

    @Test func theListShowsLinesNewestFirstWithTheBadgeAndMarksThemRead() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            let binta = try await makeMember(app, email: "binta@example.org", name: "Binta Sow")
            try await announce(app, kinds.request, to: amina, from: binta, group: "a", link: "/members")
            try await announce(app, kinds.request, to: amina, from: binta, group: "b", link: "/members")
            var browser = try await signedIn(app)
            let page = try await visit(app, "/notifications", as: &browser)
            #expect(!page.isEmpty)
            try await app.testing().test(.GET, "/notifications", headers: browser.headers) { res async throws in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(#"data-badge="notifications""#))
                #expect(res.body.string.contains(#"data-count="2""#))
                #expect(res.body.string.contains(htmlEscaped(try catalogText("notifications.markAllRead"))))
            }
            let ids = try await lines(app, of: amina).compactMap(\.id)
            // Opening a line marks it read and goes to its link.
            try await app.testing().test(.GET, "/notifications/\(ids[0].uuidString.lowercased())/open", headers: browser.headers) { res async throws in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/members")
            }
            #expect(try await NotificationQueries.unreadCount(of: amina.requireID(), on: app.db) == 1)
            try await submit(app, "/notifications/\(ids[1].uuidString.lowercased())/read", [:], as: &browser, csrf: page) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await NotificationQueries.unreadCount(of: amina.requireID(), on: app.db) == 0)
            try await announce(app, kinds.request, to: amina, from: binta, group: "c")
            try await announce(app, kinds.request, to: amina, from: binta, group: "d")
            try await submit(app, "/notifications/read-all", [:], as: &browser, csrf: page) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await NotificationQueries.unreadCount(of: amina.requireID(), on: app.db) == 0)
        }
    }

    @Test func theEmptyListSaysWhatWillAppearThere() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            let browser = try await signedIn(app)
            try await app.testing().test(.GET, "/notifications", headers: browser.headers) { res async throws in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(htmlEscaped(try catalogText("notifications.empty"))))
            }
        }
    }

    @Test func signedOutVisitorsAreSentToSignIn() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/notifications") { res async throws in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.hasPrefix("/login") == true)
            }
            try await api(app, .GET, "/notifications") { res async throws in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func anotherMemberCannotOpenReadOrMarkYourLines() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            let binta = try await makeMember(app, email: "binta@example.org", name: "Binta Sow")
            try await announce(app, kinds.request, to: amina, from: binta)
            let id = try #require(try await lines(app, of: amina).first?.id).uuidString.lowercased()
            var intruder = try await signedIn(app, email: "binta@example.org")
            let token = try await visit(app, "/notifications", as: &intruder)
            try await app.testing().test(.GET, "/notifications/\(id)/open", headers: intruder.headers) { res async throws in
                #expect(res.status == .notFound)
            }
            try await submit(app, "/notifications/\(id)/read", [:], as: &intruder, csrf: token) { res in
                #expect(res.status == .notFound)
            }
            try await submit(app, "/notifications/read-all", [:], as: &intruder, csrf: token) { res in
                #expect(res.status == .seeOther)
            }
            let headers = try await bearer(app, for: binta)
            try await api(app, .POST, "/notifications/\(id)/read", headers: headers) { res async throws in
                #expect(res.status == .notFound)
            }
            try await api(app, .GET, "/notifications", headers: headers) { res async throws in
                #expect(try res.content.decode(NotificationsAPI.LineList.self).items.isEmpty)
            }
            // Nothing of Amina's changed.
            #expect(try await NotificationQueries.unreadCount(of: amina.requireID(), on: app.db) == 1)
        }
    }

    @Test func theAPIPagesByCursorCountsAndMarksRead() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            let binta = try await makeMember(app, email: "binta@example.org", name: "Binta Sow")
            for index in 0..<(NotificationLimits.pageSize + 5) {
                try await announce(app, kinds.request, to: amina, from: binta, group: "g\(index)")
            }
            let headers = try await bearer(app, for: amina)
            var first: NotificationsAPI.LineList?
            try await api(app, .GET, "/notifications", headers: headers) { res async throws in
                #expect(res.status == .ok)
                first = try res.content.decode(NotificationsAPI.LineList.self)
            }
            let page = try #require(first)
            #expect(page.items.count == NotificationLimits.pageSize)
            #expect(page.items.map(\.updatedAt) == page.items.map(\.updatedAt).sorted(by: >))
            #expect(page.items.first?.actor?.displayName == "Binta Sow")
            #expect(page.unreadCount == NotificationLimits.pageSize + 5)
            let cursor = try #require(page.nextCursor)
            try await api(app, .GET, "/notifications?cursor=\(cursor)", headers: headers) { res async throws in
                let second = try res.content.decode(NotificationsAPI.LineList.self)
                #expect(second.items.count == 5)
                #expect(second.nextCursor == nil)
                #expect(Set(second.items.map(\.id)).isDisjoint(with: page.items.map(\.id)))
            }
            try await api(app, .GET, "/notifications?cursor=bm90LWEtY3Vyc29y", headers: headers) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["cursor"])
            }
            try await api(app, .POST, "/notifications/\(page.items[0].id.uuidString)/read", headers: headers) { res async throws in
                #expect(res.status == .noContent)
            }
            try await api(app, .GET, "/notifications/unread-count", headers: headers) { res async throws in
                #expect(try res.content.decode(NotificationsAPI.UnreadCount.self).count == NotificationLimits.pageSize + 4)
            }
            try await api(app, .POST, "/notifications/read-all", headers: headers) { res async throws in
                #expect(res.status == .noContent)
            }
            try await api(app, .GET, "/notifications/unread-count", headers: headers) { res async throws in
                #expect(try res.content.decode(NotificationsAPI.UnreadCount.self).count == 0)
            }
        }
    }

    @Test func aLinkOffTheSiteIsRefusedWhenAnnounced() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            for link in ["https://evil.example", "//evil.example", "/\\evil.example", "members"] {
                await #expect(throws: InvalidAnnouncement.self) {
                    try await announce(app, kinds.request, to: amina, from: nil, link: link)
                }
            }
            #expect(try await lines(app, of: amina).isEmpty)
        }
    }

    @Test func hostileAddressesAreRefusedWithoutAServerError() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            let browser = try await signedIn(app)
            // A cursor the list did not hand out: the newest page, saying so.
            try await app.testing().test(.GET, "/notifications?cursor=%3Cscript%3E", headers: browser.headers) { res async throws in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(htmlEscaped(try catalogText("notifications.cursorRefused"))))
            }
            for path in ["/notifications/not-a-uuid/open", "/notifications/\(UUID().uuidString)/open", "/unsubscribe/" + String(repeating: "x", count: 2000)] {
                try await app.testing().test(.GET, path, headers: browser.headers) { res async throws in
                    #expect(res.status == .notFound, "\(path.prefix(40))")
                }
            }
        }
    }
}
