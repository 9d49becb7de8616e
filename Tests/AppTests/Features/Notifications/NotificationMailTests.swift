@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Notifications: mail soon after, digests, preferences")
struct NotificationMailTests {
    static let delay: TimeInterval = 15 * 60

    @Test func aLineStillUnreadAfterTheDelayIsMailedOnceWithUnsubscribeHeaders() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            let binta = try await makeMember(app, email: "binta@example.org", name: "Binta Sow")
            try await announce(app, kinds.message, to: amina, from: binta, group: "conversation-1")
            try await announce(app, kinds.message, to: amina, from: binta, group: "conversation-1")
            #expect(try await mails(app, to: amina.email).isEmpty)
            try app.manualClock.advance(by: Self.delay - 60)
            #expect(try await mails(app, to: amina.email).isEmpty)
            try app.manualClock.advance(by: 61)
            let sent = try await mails(app, to: amina.email)
            #expect(sent.count == 1)
            let mail = try #require(sent.first)
            #expect(mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
            #expect(mail.unsubscribePath?.hasPrefix("/unsubscribe/") == true)
            #expect(mail.header("List-Unsubscribe")?.hasPrefix("<http://127.0.0.1:8080/unsubscribe/") == true)
            #expect(mail.text.contains("http://127.0.0.1:8080/notifications/"))
            #expect(mail.text.contains(try #require(mail.unsubscribePath)))
            // More messages in the same conversation while it is unread do not mail it again.
            try await announce(app, kinds.message, to: amina, from: binta, group: "conversation-1")
            try app.manualClock.advance(by: Self.delay * 2)
            #expect(try await mails(app, to: amina.email).count == 1)
        }
    }

    @Test func aLineReadWithinTheDelayIsNeverMailed() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            let binta = try await makeMember(app, email: "binta@example.org", name: "Binta Sow")
            try await announce(app, kinds.message, to: amina, from: binta, group: "conversation-1")
            try app.manualClock.advance(by: 60)
            try await app.db.writeTransaction { db in try await app.notifier.markSeen(kinds.message, groupKey: "conversation-1", by: try amina.requireID(), on: db) }
            try app.manualClock.advance(by: Self.delay)
            #expect(try await mails(app, to: amina.email).isEmpty)
        }
    }

    @Test func linesDueTogetherGoInOneMailAndAWithdrawnOneInNone() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            let binta = try await makeMember(app, email: "binta@example.org", name: "Binta Sow")
            let carlos = try await makeMember(app, email: "carlos@example.org", name: "Carlos Mendes")
            try await announce(app, kinds.message, to: amina, from: binta, group: "conversation-1")
            try await announce(app, kinds.message, to: amina, from: carlos, group: "conversation-2")
            try await announce(app, kinds.message, to: binta, from: carlos, group: "conversation-3")
            try await app.db.writeTransaction { db in try await app.notifier.withdraw(kinds.message, groupKey: "conversation-3", to: try binta.requireID(), on: db) }
            try app.manualClock.advance(by: Self.delay + 1)
            let sent = try await mails(app, to: amina.email)
            #expect(sent.count == 1)
            #expect(sent.first?.subject == (try catalogText("notifications.mail.immediate.subject.other", .en, ["count": "2", "site": "OpenDiaspora"])))
            #expect(try await mails(app, to: binta.email).isEmpty)
            #expect(try await lines(app, of: binta).isEmpty)
        }
    }

    @Test func mailIsInTheMembersLanguage() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app, locale: .fr)
            try await announce(app, kinds.message, to: amina, from: nil)
            try app.manualClock.advance(by: Self.delay + 1)
            let mail = try #require(try await mails(app, to: amina.email).first)
            #expect(mail.text.contains(try catalogText("notifications.mail.greeting", .fr, ["name": amina.displayName])))
            #expect(mail.subject == (try catalogText("notifications.line.unknown.one", .fr)))
        }
    }

    @Test func theDailyDigestComesAtTheMembersMorningOnceEvenWhenRunTwiceOrOnTwoInstances() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let tokyo = try await makeMember(app)
            tokyo.timeZone = "Asia/Tokyo"
            try await tokyo.save(on: app.db)
            let utc = try await makeMember(app, email: "binta@example.org", name: "Binta Sow")
            let carlos = try await makeMember(app, email: "carlos@example.org", name: "Carlos Mendes")
            // 21:30 UTC is 06:30 the next day in Tokyo: the requests arrive before Tokyo's morning.
            let evening = try #require(ISO8601DateFormatter().date(from: "2026-12-08T21:30:00Z"))
            try app.manualClock.set(evening)
            try await announce(app, kinds.request, to: tokyo, from: carlos, group: "r1")
            try await announce(app, kinds.request, to: utc, from: carlos, group: "r2")
            try await SendNotificationDigests().run(in: app)
            #expect(try await mails(app, to: tokyo.email).isEmpty)
            // 23:05 UTC: 08:05 in Tokyo, still night for the UTC member.
            try app.manualClock.advance(by: 95 * 60)
            try await SendNotificationDigests().run(in: app)
            try await SendNotificationDigests().run(in: app)
            try await withSecondInstance(of: app) { second in
                TestKinds(registeringIn: second)
                try await SendNotificationDigests().run(in: second)
            }
            let sent = try await mails(app, to: tokyo.email)
            #expect(sent.count == 1)
            #expect(sent.first?.subject == (try catalogText("notifications.mail.daily.subject.one", .en, ["count": "1", "site": "OpenDiaspora"])))
            #expect(sent.first?.header("List-Unsubscribe") != nil)
            #expect(try await mails(app, to: utc.email).isEmpty)
            // 08:00 UTC the next day: the UTC member's digest.
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-09T08:01:00Z")))
            try await SendNotificationDigests().run(in: app)
            #expect(try await mails(app, to: utc.email).count == 1)
            #expect(try await mails(app, to: tokyo.email).count == 1)
        }
    }

    @Test func twoInstancesRunningTheDigestAtOnceSendItOnce() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-08T07:00:00Z")))
            for index in 0..<5 { try await announce(app, kinds.request, to: amina, from: nil, group: "r\(index)") }
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-08T08:20:00Z")))
            try await withSecondInstance(of: app) { second in
                TestKinds(registeringIn: second)
                async let first: Void = SendNotificationDigests().run(in: app)
                async let other: Void = SendNotificationDigests().run(in: second)
                _ = try await (first, other)
            }
            let sent = try await mails(app, to: amina.email)
            #expect(sent.count == 1)
            #expect(sent.first?.subject == (try catalogText("notifications.mail.daily.subject.other", .en, ["count": "5", "site": "OpenDiaspora"])))
        }
    }

    @Test func theWeeklyDigestComesOnMondayMorning() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            // Wednesday 2026-12-09.
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-09T12:00:00Z")))
            try await announce(app, kinds.summary, to: amina, from: nil)
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-13T09:00:00Z")))
            try await SendNotificationDigests().run(in: app)
            #expect(try await mails(app, to: amina.email).isEmpty)
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-14T08:00:00Z")))
            try await SendNotificationDigests().run(in: app)
            #expect(try await mails(app, to: amina.email).count == 1)
        }
    }

    @Test func digestPeriodsFollowTheMorningInTheZone() throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let formatter = ISO8601DateFormatter()
        let beforeMorning = try #require(formatter.date(from: "2026-12-08T06:59:00Z"))  // 07:59 in Paris
        let afterMorning = try #require(formatter.date(from: "2026-12-08T07:00:00Z"))   // 08:00 in Paris
        #expect(DigestPeriod(.daily, now: beforeMorning, timeZone: paris)?.key == "d:2026-12-07")
        #expect(DigestPeriod(.daily, now: afterMorning, timeZone: paris)?.key == "d:2026-12-08")
        #expect(DigestPeriod(.daily, now: afterMorning, timeZone: paris)?.start == afterMorning)
        // 2026-12-08 is a Tuesday: the week began on Monday the 7th.
        #expect(DigestPeriod(.weekly, now: afterMorning, timeZone: paris)?.key == "w:2026-12-07")
        let mondayEarly = try #require(formatter.date(from: "2026-12-14T06:00:00Z"))
        #expect(DigestPeriod(.weekly, now: mondayEarly, timeZone: paris)?.key == "w:2026-12-07")
        #expect(DigestPeriod(.immediately, now: afterMorning, timeZone: paris) == nil)
    }

    @Test func choosingOffOrADigestChangesWhatIsMailed() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            let headers = try await bearer(app, for: amina)
            try await apiJSON(app, .PUT, "/notifications/preferences", body: ["preferences": ["tests.message": "off"]], headers: headers) { res async throws in
                #expect(res.status == .ok)
                let list = try res.content.decode(NotificationsAPI.PreferenceList.self)
                #expect(list.items.first { $0.kind == "tests.message" }?.delivery == .off)
                #expect(list.items.first { $0.kind == "tests.request" }?.delivery == .daily)
            }
            try await announce(app, kinds.message, to: amina, from: nil)
            try app.manualClock.advance(by: Self.delay + 1)
            #expect(try await mails(app, to: amina.email).isEmpty)
            #expect(try await lines(app, of: amina).count == 1)
        }
    }

    @Test func preferencesRefuseAnUnknownKindOrDeliveryNamingTheField() async throws {
        try await withApp { app async throws in
            TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            let headers = try await bearer(app, for: amina)
            try await apiJSON(app, .PUT, "/notifications/preferences", body: ["preferences": ["tests.nope": "daily", "tests.message": "hourly"]], headers: headers) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(Set(try problemFields(res)) == ["preferences.tests.nope", "preferences.tests.message"])
            }
            try await apiJSON(app, .PUT, "/notifications/preferences", body: ["other": "x"], headers: headers) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["preferences"])
            }
            // The page shows its form again, the message by the wrong choice, what was chosen kept.
            var browser = try await signedIn(app)
            let token = try await visit(app, "/account/notifications", as: &browser)
            let expectedError = htmlEscaped(try catalogText("notifications.error.delivery"))
            try await submit(app, "/account/notifications", ["tests.message": "hourly", "tests.request": "weekly"], as: &browser, csrf: token) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains(expectedError))
                #expect(res.body.string.contains(#"id="delivery-tests-request-weekly" name="tests.request" value="weekly" checked"#))
            }
            #expect(try await NotificationPreference.query(on: app.db).count() == 0)
            try await submit(app, "/account/notifications", ["tests.message": "daily", "tests.request": "weekly"], as: &browser, csrf: token) { res in
                #expect(res.status == .seeOther)
            }
            // Only the test's kinds: the installed features register theirs too.
            let testKinds = app.notificationKinds.all.filter { $0.id.hasPrefix("tests.") }
            let saved = try await NotificationQueries.deliveries(for: amina.requireID(), kinds: testKinds, on: app.db)
            #expect(saved.map(\.delivery) == [.daily, .weekly, .weekly])
        }
    }

    @Test func theAccountPageLinksToThePreferences() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            let browser = try await signedIn(app)
            try await app.testing().test(.GET, "/account", headers: browser.headers) { res async throws in
                #expect(res.body.string.contains(#"href="/account/notifications""#))
            }
        }
    }

    @Test func everyKeyTheMailBuildsExists() throws {
        for occasion in ["immediate", "daily", "weekly"] {
            for key in ["notifications.mail.\(occasion).intro", "notifications.mail.\(occasion).subject.one", "notifications.mail.\(occasion).subject.other"] {
                #expect(try catalogText(key) != key, "missing \(key)")
            }
        }
    }
}
