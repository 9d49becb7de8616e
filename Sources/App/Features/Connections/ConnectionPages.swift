import Foundation
import Vapor

/// One person in a list of `/connections` or `/account/blocks`, with the buttons that apply.
struct ConnectionRow: Encodable {
    struct Button: Encodable {
        let href: String
        let labelKey: String
        let style: String
    }

    let name: String
    let profileURL: String
    let date: String
    let note: String?
    let buttons: [Button]
}

/// `/connections`, `/connections/received`, `/connections/sent`: one list per tab, newest first.
struct ConnectionsListPage: Encodable {
    struct Tab: Encodable {
        let href: String
        let labelKey: String
        let isCurrent: Bool
    }

    enum Kind: String, Encodable, CaseIterable {
        case connections, received, sent

        var url: ConnectionsURL {
            switch self {
            case .connections: .connections
            case .received: .received
            case .sent: .sent
            }
        }
    }

    let page: PageContext
    let kind: Kind
    let headingKey: String
    let orderKey: String
    let emptyKey: String
    let tabs: [Tab]
    let rows: [ConnectionRow]
    let hasRows: Bool
    let nextURL: String?
    let directoryURL = DirectoryURL.members.path
    let cursorRefused: Bool

    init(request: Request, kind: Kind, list: ConnectionsPage<ConnectionsListItem>, cursorRefused: Bool) {
        self.page = PageContext(request: request, titleKey: "connections.\(kind.rawValue).title")
        self.kind = kind
        self.headingKey = "connections.\(kind.rawValue).title"
        self.orderKey = "connections.\(kind.rawValue).order"
        self.emptyKey = "connections.\(kind.rawValue).empty"
        self.tabs = Kind.allCases.map { Tab(href: $0.url.path, labelKey: "connections.\($0.rawValue).tab", isCurrent: $0 == kind) }
        let formatter = ConnectionDates.formatter(for: request)
        self.rows = list.items.map { item in
            let member = item.member.id
            var buttons: [ConnectionRow.Button] = []
            switch kind {
            case .connections:
                buttons = [.init(href: ConnectionsURL.remove(.value(member)).path, labelKey: "connections.action.remove", style: "secondary")]
            case .received:
                if let id = item.requestID {
                    buttons = [.init(href: ConnectionsURL.accept(.value(id)).path, labelKey: "connections.action.accept", style: "primary"),
                               .init(href: ConnectionsURL.decline(.value(id)).path, labelKey: "connections.action.decline", style: "secondary")]
                }
            case .sent:
                if let id = item.requestID {
                    buttons = [.init(href: ConnectionsURL.withdraw(.value(id)).path, labelKey: "connections.action.withdraw", style: "secondary")]
                }
            }
            return ConnectionRow(
                name: item.member.name, profileURL: ProfilesURL.member(.value(member)).path, date: formatter.string(from: item.at),
                note: item.note.flatMap { $0.isEmpty ? nil : $0 }, buttons: buttons)
        }
        self.hasRows = !rows.isEmpty
        self.nextURL = list.next.map { kind.url.path + "?cursor=" + $0.encoded }
        self.cursorRefused = cursorRefused
    }
}

/// `/members/{id}/connect`: the request form with its optional note.
struct ConnectionRequestPage: Encodable {
    let page: PageContext
    let name: String
    let profileURL: String
    let action: String
    let field: FormField

    init(request: Request, member: ListedMember, note: String = "", errors: [String: String] = [:]) {
        self.page = PageContext(request: request, titleKey: "connections.request.title")
        self.name = member.name
        self.profileURL = ProfilesURL.member(.value(member.id)).path
        self.action = ConnectionsURL.requestForm(.value(member.id)).path
        self.field = FormField(name: "note", type: "textarea", label: "connections.request.note", hint: "connections.request.noteHint",
                                   value: note, errors: errors, required: false)
    }
}

/// `/members/{id}/block`: what blocking does, and the button that does it.
struct BlockConfirmationPage: Encodable {
    let page: PageContext
    let name: String
    let profileURL: String
    let action: String

    init(request: Request, member: ListedMember) {
        self.page = PageContext(request: request, titleKey: "connections.block.title")
        self.name = member.name
        self.profileURL = ProfilesURL.member(.value(member.id)).path
        self.action = ConnectionsURL.block(.value(member.id)).path
    }
}

/// `/account/blocks`: the members one blocks, newest first, each with "Unblock".
struct BlockListPage: Encodable {
    let page: PageContext
    let rows: [ConnectionRow]
    let hasRows: Bool
    let nextURL: String?
    let accountURL = AccountsURL.account.path
    let cursorRefused: Bool

    init(request: Request, list: ConnectionsPage<ConnectionsListItem>, cursorRefused: Bool) {
        self.page = PageContext(request: request, titleKey: "connections.blocks.title")
        let formatter = ConnectionDates.formatter(for: request)
        self.rows = list.items.map { item in
            ConnectionRow(
                name: item.member.name, profileURL: ProfilesURL.member(.value(item.member.id)).path, date: formatter.string(from: item.at), note: nil,
                buttons: [.init(href: ConnectionsURL.unblock(.value(item.member.id)).path, labelKey: "connections.action.unblock", style: "secondary")])
        }
        self.hasRows = !rows.isEmpty
        self.nextURL = list.next.map { ConnectionsURL.blocks.path + "?cursor=" + $0.encoded }
        self.cursorRefused = cursorRefused
    }
}

enum ConnectionDates {
    static func formatter(for request: Request) -> DateFormatter {
        request.dateFormatter(date: .medium, time: .none)
    }
}
