import Foundation
import Vapor

/// A time as pages show it, in the page's language and the member's time zone.
struct MessagingTime {
    let formatter: DateFormatter

    init(_ request: Request) {
        formatter = request.dateFormatter(date: .short, time: .short)
    }

    func text(_ micros: Int64) -> String { formatter.string(from: Micros.date(micros)) }
}

/// A conversation in a list (`/messages`, `/messages/requests`).
struct ConversationCard: Encodable {
    let id: String
    let url: String
    let name: String
    let isGroup: Bool
    let preview: [LinkedText.Paragraph]
    let previewDeleted: Bool
    let hasPreview: Bool
    let time: String
    let datetime: String
    let isUnread: Bool
    let acceptURL: String
    let declineURL: String
    let reportURL: String
}

/// `/messages`: the member's conversations, newest message first, searchable.
struct ConversationListPage: Encodable {
    let page: PageContext
    let list: ListPage<ConversationCard>
    let requestsURL = MessagingURL.requests.path
    let composeURL = MessagingURL.compose.path
}

/// `/messages/requests`: first messages from members the viewer is not connected with.
struct MessageRequestsPage: Encodable {
    let page: PageContext
    let items: [ConversationCard]
    let hasItems: Bool
    let nextURL: String?
    let listURL = MessagingURL.messages.path
}

/// One message as the conversation page shows it.
struct MessageItem: Encodable {
    let id: String
    let authorName: String
    let isMine: Bool
    let time: String
    let datetime: String
    let micros: String
    let paragraphs: [LinkedText.Paragraph]
    let isDeleted: Bool
    let isEdited: Bool
    let editURL: String?
    let deleteURL: String?
}

/// A member offered in a picker (new group, add participants).
struct MemberChoice: Encodable {
    let id: String
    let value: String
    let name: String
    let checked: Bool
}

/// `/messages/{id}`: a page of messages (oldest to newest within it), the send form, read state,
/// and the group's participants, leave and add forms; or, for a request, accept/decline/report.
struct ConversationPage: Encodable {
    let page: PageContext
    let id: String
    let title: String
    let isGroup: Bool
    let participants: [String]
    let messages: [MessageItem]
    let hasMessages: Bool
    let earlierURL: String?
    let isLatestPage: Bool
    let canWrite: Bool
    let isReadOnly: Bool
    let isRequest: Bool
    let sendURL: String
    let body: String
    let bodyError: String?
    let maxCharacters = MessagingLimits.body
    /// Who has read the last message: their ids (for the live script), and the note shown.
    let readers: String
    let readNote: String?
    let seenOne: String
    let seenOther: String
    let seenDirect: String
    let leaveURL: String?
    let participantsURL: String?
    let addChoices: [MemberChoice]
    let hasAddChoices: Bool
    let membersError: String?
    let acceptURL: String
    let declineURL: String
    let reportURL: String
    let listURL = MessagingURL.messages.path
    let me: String
    let deletedText: String
    let editedText: String
    let script: String
}

/// `/messages/new`: to one member (`?to=`), or a new group among one's connections.
struct ComposePage: Encodable {
    let page: PageContext
    let action = MessagingURL.messages.path
    let isDirect: Bool
    let to: String
    let recipientName: String
    let title: String
    let titleError: String?
    let maxTitle = MessagingLimits.title
    let choices: [MemberChoice]
    let hasChoices: Bool
    let membersError: String?
    let toError: String?
    let body: String
    let bodyError: String?
    let maxCharacters = String(MessagingLimits.body)
    let maxGroup = String(MessagingLimits.groupSize)
}

/// `/messages/{id}/m/{messageID}/edit`.
struct EditMessagePage: Encodable {
    let page: PageContext
    let action: String
    let backURL: String
    let body: String
    let bodyError: String?
    let maxCharacters = MessagingLimits.body
}
