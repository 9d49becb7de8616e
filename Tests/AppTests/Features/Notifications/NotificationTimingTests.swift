@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// The operator's settings for when notification mail goes out, the Monday digest folded into
/// one mail, and the subject counting what the lines stand for.
@Suite("Notifications: mail timing settings, one digest on Mondays, subjects that count")
struct NotificationTimingTests {
    @Test func theTimingSettingsAreReadAndCheckedAtStart() throws {
        let defaults = try AppConfiguration(environment: [:], rootDirectory: repositoryRoot)
        #expect(defaults.messageMailDelaySeconds == 900)
        #expect(defaults.digestCheckSeconds == 900)
        let set = try AppConfiguration(environment: ["MESSAGE_MAIL_DELAY_SECONDS": "0", "DIGEST_CHECK_SECONDS": "60"], rootDirectory: repositoryRoot)
        #expect(set.messageMailDelaySeconds == 0)
        #expect(set.digestCheckSeconds == 60)
        for (name, value) in [("MESSAGE_MAIL_DELAY_SECONDS", "-1"), ("MESSAGE_MAIL_DELAY_SECONDS", "86401"), ("MESSAGE_MAIL_DELAY_SECONDS", "15m"),
                              ("DIGEST_CHECK_SECONDS", "4"), ("DIGEST_CHECK_SECONDS", "3601"), ("DIGEST_CHECK_SECONDS", "soon")] {
            #expect(throws: ConfigurationError.self, "\(name)=\(value)") {
                try AppConfiguration(environment: [name: value], rootDirectory: repositoryRoot)
            }
            do {
                _ = try AppConfiguration(environment: [name: value], rootDirectory: repositoryRoot)
            } catch {
                #expect(error.variable == name)
                #expect(error.description.contains("a whole number from"))
            }
        }
    }

    @Test func theDigestJobLooksAsOftenAsConfigured() async throws {
        try await withApp(adjust: { $0.digestCheckSeconds = 30 }) { app async throws in
            let digests = try #require(app.recurringJobs.first { $0.name == "notification digests" })
            #expect(digests.schedule == .every(seconds: 30))
        }
        try await withApp { app async throws in
            #expect(app.recurringJobs.first { $0.name == "notification digests" }?.schedule == .every(minutes: 15))
        }
    }

    @Test func aMessageIsMailedAfterTheConfiguredDelay() async throws {
        try await withApp(adjust: { $0.messageMailDelaySeconds = 120 }) { app async throws in
            #expect(app.notificationKinds.kind(MessagingNotices.message.id)?.mailDelay == .seconds(120))
            let amina = try await makeMember(app)
            let binta = try await makeMember(app, email: "binta@example.org", name: "Binta Sow")
            // Messaging announces with its static kind; the delay is the registered one.
            let announcement = Announcement(kind: MessagingNotices.message, recipient: try amina.requireID(), actor: try binta.requireID(),
                                            groupKey: UUID().uuidString, link: "/messages")
            try await app.db.writeTransaction { db in try await app.notifier.announce(announcement, on: db) }
            try app.manualClock.advance(by: 119)
            #expect(try await mails(app, to: amina.email).isEmpty)
            try app.manualClock.advance(by: 2)
            #expect(try await mails(app, to: amina.email).count == 1)
        }
    }

    @Test func aMemberOwedADailyAndAWeeklyDigestGetsOneMailOnMonday() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            let carlos = try await makeMember(app, email: "carlos@example.org", name: "Carlos Mendes")
            // Sunday 2026-12-13, evening: one daily line and one weekly line are owed.
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-13T20:00:00Z")))
            try await announce(app, kinds.request, to: amina, from: carlos, group: "r1")
            try await announce(app, kinds.summary, to: amina, from: carlos, group: "s1")
            // Monday 08:05: both are due; twice and on a second instance, still one mail.
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-14T08:05:00Z")))
            try await SendNotificationDigests().run(in: app)
            try await SendNotificationDigests().run(in: app)
            try await withSecondInstance(of: app) { second in
                TestKinds(registeringIn: second)
                try await SendNotificationDigests().run(in: second)
            }
            let sent = try await mails(app, to: amina.email)
            #expect(sent.count == 1)
            let mail = try #require(sent.first)
            #expect(mail.subject == (try catalogText("notifications.mail.daily.subject.other", .en, ["count": "2", "site": "OpenDiaspora"])))
            // Both lines are in it, each with its own stop link.
            #expect(mail.text.components(separatedBy: "/notifications/").count - 1 >= 2)
            #expect(mail.text.contains(try catalogText("notifications.mail.stopKind", .en, ["kind": try catalogText(kinds.request.labelKey)])))
            #expect(mail.text.contains(try catalogText("notifications.mail.stopKind", .en, ["kind": try catalogText(kinds.summary.labelKey)])))
            #expect(try await lines(app, of: amina).allSatisfy { $0.mailPending == nil })
            let periods = try await (app.db as! any SQLDatabase).raw("SELECT period FROM notification_digests ORDER BY period").all()
                .map { try $0.decode(column: "period", as: String.self) }
            #expect(periods == ["d:2026-12-14", "w:2026-12-14"])
        }
    }

    @Test func onOtherDaysTheDailyDigestLeavesTheWeeksLinesForMonday() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            // Monday 2026-12-14 at 10:00, after the morning: both lines arrive.
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-14T10:00:00Z")))
            try await announce(app, kinds.request, to: amina, from: nil, group: "r1")
            try await announce(app, kinds.summary, to: amina, from: nil, group: "s1")
            // Tuesday morning: the daily line goes, the weekly one waits for next Monday.
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-15T08:05:00Z")))
            try await SendNotificationDigests().run(in: app)
            let tuesday = try await mails(app, to: amina.email)
            #expect(tuesday.count == 1)
            #expect(tuesday.first?.subject == (try catalogText("notifications.mail.daily.subject.one", .en, ["count": "1", "site": "OpenDiaspora"])))
            #expect(try await lines(app, of: amina).filter { $0.mailPending == MailDelivery.weekly.rawValue }.count == 1)
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-21T08:05:00Z")))
            try await SendNotificationDigests().run(in: app)
            let monday = try await mails(app, to: amina.email)
            #expect(monday.count == 2)
            #expect(monday.last?.subject == (try catalogText("notifications.mail.weekly.subject.one", .en, ["count": "1", "site": "OpenDiaspora"])))
        }
    }

    @Test func aDigestSubjectCountsTheAnnouncementsItsLinesGroup() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app, locale: .fr)
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-08T07:00:00Z")))
            // Three announcements grouped on one unread line, and one on another: 2 lines, 4 notifications.
            for _ in 0..<3 { try await announce(app, kinds.request, to: amina, from: nil, group: "r1") }
            try await announce(app, kinds.request, to: amina, from: nil, group: "r2")
            #expect(try await lines(app, of: amina).map(\.count).sorted() == [1, 3])
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-08T08:05:00Z")))
            try await SendNotificationDigests().run(in: app)
            let mail = try #require(try await mails(app, to: amina.email).first)
            #expect(mail.subject == (try catalogText("notifications.mail.daily.subject.other", .fr, ["count": "4", "site": "OpenDiaspora"])))
        }
    }

    @Test func aMailOfSeveralLinesCountsEveryAnnouncementInItsSubject() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            try await announce(app, kinds.message, to: amina, from: nil, group: "conversation-1")
            try await announce(app, kinds.message, to: amina, from: nil, group: "conversation-1")
            try await announce(app, kinds.message, to: amina, from: nil, group: "conversation-2")
            try app.manualClock.advance(by: 15 * 60 + 1)
            let sent = try await mails(app, to: amina.email)
            #expect(sent.count == 1)
            #expect(sent.first?.subject == (try catalogText("notifications.mail.immediate.subject.other", .en, ["count": "3", "site": "OpenDiaspora"])))
        }
    }
}
