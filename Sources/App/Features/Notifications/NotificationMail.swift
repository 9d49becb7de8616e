import Foundation
import Vapor

/// The text of a line in a language: the kind's counted phrase with the actor's name, the count
/// and the announcement's parameters. The same words on the page, in the API and in mail.
enum NotificationText {
    static func line(_ line: MemberNotification, kinds: NotificationKinds, actorName: String?, locale: AppLocale, catalogs: Catalogs) -> String {
        let isOne = PluralRule(line.count, locale: locale) == .one
        let key: String
        if let kind = kinds.kind(line.kind) {
            key = kind.textKey + (isOne ? ".one" : ".other")
        } else {
            key = isOne ? "notifications.line.unknown.one" : "notifications.line.unknown.other"
        }
        var arguments = line.parameterValues
        arguments["actor"] = actorName ?? catalogs.text("notifications.someone", locale: locale)
        arguments["count"] = String(line.count)
        return catalogs.text(key, locale: locale, arguments: arguments)
    }
}

/// The mails notifications send, in the member's language: plain text and simple HTML, each
/// line with its link, and for every kind in the mail a link that stops that kind's mail, plus
/// the `List-Unsubscribe` headers of RFC 8058 (one click from the mail client).
enum NotificationMail {
    enum Occasion: String {
        /// Mailed a while after it happened (the kind's delay), while still unread.
        case immediate
        case daily
        case weekly
    }

    struct Context {
        let catalogs: Catalogs
        let kinds: NotificationKinds
        let publicURL: URL
        let secret: SiteSecret
    }

    /// `lines` are those shown, `more` the number of lines left out, `announcements` what all the
    /// lines stand for (a line counts each announcement it groups: "3 new messages" is 3), which
    /// the subject says.
    static func compose(to member: Member, lines: [MemberNotification], more: Int, announcements: Int, actorNames: [UUID: String],
                        occasion: Occasion, context: Context) throws -> Mail {
        let locale = member.appLocale
        let catalogs = context.catalogs
        let memberID = try member.requireID()
        let site = catalogs.text("site.name", locale: locale)
        func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
            catalogs.text(key, locale: locale, arguments: arguments.merging(["site": site, "name": member.displayName]) { current, _ in current })
        }
        let items: [(text: String, link: String)] = lines.map { line in
            (NotificationText.line(line, kinds: context.kinds, actorName: line.actorID.flatMap { actorNames[$0] }, locale: locale, catalogs: catalogs),
             absolute(line.id.map { NotificationsURL.open(.value($0)).path } ?? NotificationsURL.list.path, context.publicURL))
        }
        let subject: String
        if occasion == .immediate, items.count == 1, more == 0 {
            subject = items[0].text
        } else {
            let isOne = PluralRule(announcements, locale: locale) == .one
            subject = text(isOne ? "notifications.mail.\(occasion.rawValue).subject.one" : "notifications.mail.\(occasion.rawValue).subject.other", ["count": String(announcements)])
        }
        // One stop link per kind in the mail; the header's one-click link stops this mail's kind,
        // or every kind when the mail lists several.
        var kindsInMail: [NotificationKind] = []
        for line in lines {
            if let kind = context.kinds.kind(line.kind), !kindsInMail.contains(kind) { kindsInMail.append(kind) }
        }
        let stops = kindsInMail.map { kind in
            (label: text("notifications.mail.stopKind", ["kind": catalogs.text(kind.labelKey, locale: locale)]),
             link: unsubscribeLink(UnsubscribeToken(member: memberID, scope: kind.id), context))
        }
        let headerLink = unsubscribeLink(UnsubscribeToken(member: memberID, scope: kindsInMail.count == 1 ? kindsInMail[0].id : UnsubscribeToken.allKinds), context)
        let preferences = absolute(NotificationsURL.preferences.path, context.publicURL)
        let all = absolute(NotificationsURL.list.path, context.publicURL)
        let intro = text("notifications.mail.\(occasion.rawValue).intro")
        let moreLine = more > 0 ? text(PluralRule(more, locale: locale) == .one ? "notifications.mail.more.one" : "notifications.mail.more.other", ["count": String(more)]) : nil

        var plain = [text("notifications.mail.greeting"), intro].joined(separator: "\n\n") + "\n\n"
        plain += items.map { "- \($0.text)\n  \($0.link)" }.joined(separator: "\n")
        if let moreLine { plain += "\n\n" + moreLine }
        plain += "\n\n" + text("notifications.mail.seeAll") + "\n" + all
        plain += "\n\n-- \n" + text("notifications.mail.why") + "\n" + text("notifications.mail.manage") + "\n" + preferences
        for stop in stops { plain += "\n" + stop.label + "\n" + stop.link }
        plain += "\n"

        var html = """
            <!doctype html>
            <html lang="\(locale.rawValue)"><head><meta charset="utf-8"><title>\(escape(subject))</title></head>
            <body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a;">
            <p>\(escape(text("notifications.mail.greeting")))</p>
            <p>\(escape(intro))</p>
            <ul>
            """
        for item in items { html += "<li><a href=\"\(escape(item.link))\" style=\"color: #0b57d0;\">\(escape(item.text))</a></li>\n" }
        html += "</ul>\n"
        if let moreLine { html += "<p>\(escape(moreLine))</p>\n" }
        html += "<p><a href=\"\(escape(all))\" style=\"color: #0b57d0;\">\(escape(text("notifications.mail.seeAll")))</a></p>\n"
        html += "<hr><p style=\"font-size: 0.875em; color: #555;\">\(escape(text("notifications.mail.why"))) <a href=\"\(escape(preferences))\" style=\"color: #0b57d0;\">\(escape(text("notifications.mail.manage")))</a></p>\n"
        for stop in stops { html += "<p style=\"font-size: 0.875em;\"><a href=\"\(escape(stop.link))\" style=\"color: #0b57d0;\">\(escape(stop.label))</a></p>\n" }
        html += "</body></html>"

        return Mail(
            to: MailAddress(name: member.displayName, address: member.email), subject: subject, text: plain, html: html,
            headers: [
                MailHeader(name: "List-Unsubscribe", value: "<\(headerLink)>"),
                MailHeader(name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click"),
            ]
        )
    }

    static func unsubscribeLink(_ token: UnsubscribeToken, _ context: Context) -> String {
        absolute(NotificationsURL.unsubscribe(.value(token.encoded(with: context.secret))).path, context.publicURL)
    }

    /// `path` on `PUBLIC_URL`.
    static func absolute(_ path: String, _ publicURL: URL) -> String {
        var base = publicURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
