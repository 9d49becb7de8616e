import Foundation

/// The mails accounts send, in the member's language: plain text plus simple HTML with one link.
enum AccountMail {
    static func verification(to member: Member, link: String, catalogs: Catalogs) -> Mail {
        compose(to: member.email, name: member.displayName, locale: member.appLocale, kind: "verify", link: link, catalogs: catalogs)
    }

    static func passwordReset(to member: Member, link: String, catalogs: Catalogs) -> Mail {
        compose(to: member.email, name: member.displayName, locale: member.appLocale, kind: "reset", link: link, catalogs: catalogs)
    }

    static func emailChange(to member: Member, newEmail: String, link: String, catalogs: Catalogs) -> Mail {
        compose(to: newEmail, name: member.displayName, locale: member.appLocale, kind: "change", link: link, catalogs: catalogs)
    }

    /// Tells the member their password changed, with a way back if it was not them.
    static func passwordChanged(to member: Member, link: String, catalogs: Catalogs) -> Mail {
        compose(to: member.email, name: member.displayName, locale: member.appLocale, kind: "passwordChanged", link: link, catalogs: catalogs)
    }

    /// Tells the previous address that the account moved to another one.
    static func emailChanged(to member: Member, oldEmail: String, link: String, catalogs: Catalogs) -> Mail {
        compose(to: oldEmail, name: member.displayName, locale: member.appLocale, kind: "emailChanged", link: link, catalogs: catalogs)
    }

    /// Tells an address's owner that someone tried to join with it (the joining page said "check
    /// your mail" either way, so it never told anyone that the address has an account).
    static func joinAttempt(to member: Member, link: String, catalogs: Catalogs) -> Mail {
        compose(to: member.email, name: member.displayName, locale: member.appLocale, kind: "joinAttempt", link: link, catalogs: catalogs)
    }

    /// `mail.<kind>.subject|intro|action|outro` from the catalog, with `{name}` filled.
    private static func compose(to address: String, name: String, locale: AppLocale, kind: String, link: String, catalogs: Catalogs) -> Mail {
        func text(_ part: String) -> String {
            catalogs.text("mail.\(kind).\(part)", locale: locale, arguments: ["name": name, "site": catalogs.text("site.name", locale: locale)])
        }
        let greeting = catalogs.text("mail.greeting", locale: locale, arguments: ["name": name])
        let signature = catalogs.text("mail.signature", locale: locale, arguments: ["site": catalogs.text("site.name", locale: locale)])
        // The label's colon is the catalog's: French puts a no-break space before it.
        let actionLine = catalogs.text("mail.actionLine", locale: locale, arguments: ["action": text("action")])
        let plain = [greeting, text("intro"), actionLine + "\n" + link, text("outro"), signature].joined(separator: "\n\n") + "\n"
        let html = """
            <!doctype html>
            <html lang="\(locale.rawValue)"><head><meta charset="utf-8"><title>\(escape(text("subject")))</title></head>
            <body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a;">
            <p>\(escape(greeting))</p>
            <p>\(escape(text("intro")))</p>
            <p><a href="\(escape(link))" style="color: #0b57d0;">\(escape(text("action")))</a></p>
            <p>\(escape(text("outro")))</p>
            <p>\(escape(signature))</p>
            </body></html>
            """
        return Mail(to: MailAddress(name: name, address: address), subject: text("subject"), text: plain, html: html)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
