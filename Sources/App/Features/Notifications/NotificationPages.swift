import Foundation
import Vapor

/// `/notifications`: the member's lines, newest first, a page at a time.
struct NotificationsPage: Encodable {
    struct Item: Encodable {
        let id: String
        let text: String
        let when: String
        let isUnread: Bool
        let openURL: String
        let markReadURL: String
    }

    let page: PageContext
    let items: [Item]
    let hasItems: Bool
    let hasUnread: Bool
    /// "3 unread", in the page's language and plural.
    let unreadSummary: String
    let nextURL: String?
    let isFirstPage: Bool
    let cursorRefused: Bool
    let urls: URLs

    struct URLs: Encodable {
        let markAllRead = NotificationsURL.markAllRead.path
        let preferences = NotificationsURL.preferences.path
        let list = NotificationsURL.list.path
    }
}

/// `/account/notifications`: for each kind the installed features announce, how the member
/// wants mail of it.
struct NotificationPreferencesPage: Encodable {
    struct Choice: Encodable {
        /// The radio group's name: the kind's id.
        let name: String
        /// Element ids are made of this (kind ids hold dots, fine in ids).
        let fieldID: String
        let legendKey: String
        let options: [Option]
        let error: String?
    }

    struct Option: Encodable {
        let id: String
        let value: String
        let labelKey: String
        let checked: Bool
    }

    let page: PageContext
    let choices: [Choice]
    let hasChoices: Bool
    let timeZone: String
    let digestHour: String
    let action = NotificationsURL.preferences.path
    let accountURL = AccountsURL.account.path
}

/// `/unsubscribe/{token}`: what a link in a mail stops, with the button that confirms it (a
/// GET changes nothing: mail scanners open links), then what was done.
struct UnsubscribePage: Encodable {
    let page: PageContext
    let headingKey: String
    let message: String
    /// Where the confirming button posts; nil once done or when the link is not valid.
    let action: String?
    let preferencesURL = NotificationsURL.preferences.path
}
