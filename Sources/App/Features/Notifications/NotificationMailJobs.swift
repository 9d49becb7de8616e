import Fluent
import Foundation
import SQLKit
import Vapor

/// Mails a member what they chose to hear of "immediately" and have not read since: queued
/// when such a line is made, to run once the kind's delay has passed (messages:
/// `MESSAGE_MAIL_DELAY_SECONDS`, 15 minutes by default). Everything then due for the member goes
/// in one mail; lines are claimed by a conditional update in the mail's transaction, so two runs
/// (two instances) never mail a line twice.
struct MailUnreadNotifications: QueueableJob {
    static let kind = "notifications.mail-unread"

    let memberID: UUID

    func run(in application: Application) async throws {
        let now = application.clock.now
        let kinds = application.notificationKinds
        let pending = try await MemberNotification.query(on: application.db)
            .filter(\.$recipientID == memberID).filter(\.$mailPending == MailDelivery.immediately.rawValue)
            .sort(\.$createdAt).limit(200).all()
        // A second of slack: stored times may round a little past the job's own.
        let due = pending.filter { line in
            let delay = kinds.kind(line.kind)?.mailDelay.timeInterval ?? 0
            return line.createdAt.addingTimeInterval(delay) <= now.addingTimeInterval(1)
        }
        guard !due.isEmpty, let member = try await Member.find(memberID, on: application.db) else { return }
        try await NotificationMailing.send(to: member, owed: [.init(delivery: .immediately, period: nil, lines: due.compactMap(\.id))],
                                           application: application, now: now)
    }
}

/// The mail-sending step both jobs share.
enum NotificationMailing {
    /// Lines owed as one delivery, with the digest period they are owed for (none when "soon after").
    struct Owed {
        let delivery: MailDelivery
        let period: String?
        let lines: [UUID]
    }

    /// In one transaction, for each part owed: the digest's period row (when there is a period:
    /// the unique row that makes it once; a part whose period another run already wrote is left
    /// out), then the part's lines still owed (claimed: no longer owed); then one mail in the
    /// outbox for everything claimed, named after the first part with lines in it (a daily
    /// digest with the week's lines folded in is a daily one). Nothing is sent when another run got there first.
    static func send(to member: Member, owed: [Owed], application: Application, now: Date) async throws {
        let memberID = try member.requireID()
        let context = NotificationMail.Context(
            catalogs: application.catalogs, kinds: application.notificationKinds, publicURL: application.appConfiguration.publicURL,
            secret: try await application.siteSecrets.secret(on: application.db)
        )
        // Only members who may use the site and whose address is confirmed are mailed; what they
        // are owed is dropped (the lines stay in their list).
        let mailable = member.suspendedAt == nil && member.emailVerifiedAt != nil
        try await application.db.writeTransaction { db in
            let sql = db as! any SQLDatabase
            var claimed: [UUID] = []
            var kept: [MailDelivery] = []  // the parts that claimed lines
            // Periods in a fixed order (daily before weekly), so two runs never wait on each other's rows.
            for part in owed {
                if let period = part.period {
                    let won = try await sql.raw("""
                        INSERT INTO notification_digests (id, member_id, period, created_at) VALUES (\(bind: UUID()), \(bind: memberID), \(bind: period), \(bind: now))
                        ON CONFLICT (member_id, period) DO NOTHING RETURNING id
                        """).first()
                    guard won != nil else { continue }
                }
                let before = claimed.count
                for chunk in stride(from: 0, to: part.lines.count, by: 100).map({ Array(part.lines[$0..<min($0 + 100, part.lines.count)]) }) {
                    let rows = try await sql.raw("""
                        UPDATE notifications SET mail_pending = NULL, mailed_at = \(bind: now)
                        WHERE recipient_id = \(bind: memberID) AND mail_pending = \(bind: part.delivery.rawValue) AND read_at IS NULL
                        AND id IN (\(SQLList(chunk.map { SQLBind($0) })))
                        RETURNING id
                        """).all()
                    claimed += try rows.map { try $0.decode(column: "id", as: UUID.self) }
                }
                if claimed.count > before { kept.append(part.delivery) }
            }
            guard mailable, let first = kept.first else { return }
            let occasion: NotificationMail.Occasion = switch first {
            case .daily: .daily
            case .weekly: .weekly
            case .immediately, .off: .immediate
            }
            let lines = try await MemberNotification.query(on: db).filter(\.$id ~~ claimed)
                .sort(\.$updatedAt, .descending).sort(\.$id, .descending).all()
            let shown = Array(lines.prefix(NotificationLimits.linesPerMail))
            let names = try await NotificationQueries.names(of: Set(shown.compactMap(\.actorID)), on: db)
            let mail = try NotificationMail.compose(to: member, lines: shown, more: lines.count - shown.count,
                                                    announcements: lines.reduce(0) { $0 + $1.count },
                                                    actorNames: names, occasion: occasion, context: context)
            try await Outbox.enqueue(mail, on: db, now: now)
        }
    }
}

/// When a member's digest is due: the latest morning (`hour` o'clock in their zone) at or before
/// now, every day for daily digests, on Mondays for weekly ones. A digest lists what was owed
/// before that morning, so a line that arrives at night waits for the next morning.
struct DigestPeriod: Equatable {
    static let hour = 8

    /// The morning this period began.
    let start: Date
    /// Names the period for the member (`d:2026-12-08`, `w:2026-12-07`): one digest each.
    let key: String

    init?(_ delivery: MailDelivery, now: Date, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.startOfDay(for: now)
        func morning(daysBefore days: Int) -> Date? {
            calendar.date(byAdding: .day, value: -days, to: today).flatMap { calendar.date(bySettingHour: Self.hour, minute: 0, second: 0, of: $0) }
        }
        let prefix: String
        var start: Date?
        switch delivery {
        case .daily:
            prefix = "d:"
            start = morning(daysBefore: 0)
            if let found = start, found > now { start = morning(daysBefore: 1) }
        case .weekly:
            prefix = "w:"
            // Gregorian weekdays: Sunday is 1, Monday 2.
            let sinceMonday = (calendar.component(.weekday, from: today) + 5) % 7
            start = morning(daysBefore: sinceMonday)
            if let found = start, found > now { start = morning(daysBefore: sinceMonday + 7) }
        case .off, .immediately:
            return nil
        }
        guard let start else { return nil }
        let day = calendar.dateComponents([.year, .month, .day], from: start)
        self.start = start
        self.key = prefix + String(format: "%04d-%02d-%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
    }
}

/// Every `DIGEST_CHECK_SECONDS` (15 minutes by default): the daily and weekly digests whose
/// morning has come. Members owed a digest are read a batch at a time in id order, for each
/// delivery in turn (one indexed query per batch, with the oldest owed line, and one for the
/// batch's members); each member whose period began after that line gets one mail, in its own
/// transaction with the period's unique row. A member owed both a daily and a weekly digest
/// (Mondays) gets one mail: the week's lines folded into the day's digest.
struct SendNotificationDigests: QueueableJob {
    static let kind = "notifications.send-digests"
    static let batchSize = 200

    func run(in application: Application) async throws {
        let now = application.clock.now
        for delivery in [MailDelivery.daily, .weekly] {
            var after: UUID?
            while true {
                let sql = application.db as! any SQLDatabase
                let rows = try await sql.raw("""
                    SELECT recipient_id, MIN(created_at) AS oldest FROM notifications
                    WHERE mail_pending = \(bind: delivery.rawValue) \(after.map { SQLQueryString("AND recipient_id > \(bind: $0)") } ?? SQLQueryString(""))
                    GROUP BY recipient_id ORDER BY recipient_id LIMIT \(unsafeRaw: String(Self.batchSize))
                    """).all()
                guard !rows.isEmpty else { break }
                let owed = try rows.map { (member: try $0.decode(column: "recipient_id", as: UUID.self), oldest: try $0.decode(column: "oldest", as: Date.self)) }
                after = owed.last?.member
                let members = try await Member.query(on: application.db).filter(\.$id ~~ owed.map(\.member)).all()
                let byID = Dictionary(members.compactMap { member in member.id.map { ($0, member) } }, uniquingKeysWith: { first, _ in first })
                for entry in owed {
                    guard let member = byID[entry.member], let period = DigestPeriod(delivery, now: now, timeZone: member.zone), entry.oldest < period.start else { continue }
                    // Everything the member owes in digests, daily and weekly: what is due of each
                    // goes in this one mail.
                    let lines = try await MemberNotification.query(on: application.db)
                        .filter(\.$recipientID == entry.member).filter(\.$mailPending ~~ [MailDelivery.daily.rawValue, MailDelivery.weekly.rawValue])
                        .field(\.$id).field(\.$mailPending).field(\.$createdAt)
                        .all()
                    let parts: [NotificationMailing.Owed] = [MailDelivery.daily, .weekly].compactMap { each in
                        guard let eachPeriod = each == delivery ? period : DigestPeriod(each, now: now, timeZone: member.zone) else { return nil }
                        let due = lines.filter { $0.mailPending == each.rawValue && $0.createdAt < eachPeriod.start }.compactMap(\.id)
                        return due.isEmpty ? nil : NotificationMailing.Owed(delivery: each, period: eachPeriod.key, lines: due)
                    }
                    guard !parts.isEmpty else { continue }
                    try await NotificationMailing.send(to: member, owed: parts, application: application, now: now)
                }
                if rows.count < Self.batchSize { break }
            }
        }
    }
}
