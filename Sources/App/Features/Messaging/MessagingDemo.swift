import Fluent
import Foundation

/// A few one-to-one conversations between demo members, so their lists are not empty; each
/// one's last message is unread by the member who did not write it, and announced to them (so
/// their header count and notifications show it). Written directly: demo members are not
/// connected, and the rules for strangers would make every one a request.
enum MessagingDemo {
    static let lines = [
        "Hello! I saw we share an interest in education projects back home.",
        "Hi, nice to hear from you. Are you going to the diaspora forum next month?",
        "Yes, I plan to. We could meet there and talk about the school initiative.",
        "Great idea. Here is the programme: https://example.org/forum",
    ]

    static func add(_ demo: DemoData) async throws {
        let database = demo.database
        let members = try await Member.query(on: database).sort(\.$createdAt).sort(\.$id).limit(200).all()
            .filter { $0.emailKey.hasSuffix("@example.invalid") }.prefix(11).compactMap(\.id)
        guard members.count >= 2 else { return }
        let start = Micros.from(demo.application.clock.now) - Int64(members.count) * 3_600_000_000
        let notifier = demo.application.notifier
        try await database.writeTransaction { db in
            var now = start
            for index in stride(from: 0, to: members.count - 1, by: 2) {
                let (a, b) = (members[index], members[index + 1])
                let key = Conversation.pairKey(a, b)
                guard try await Conversation.query(on: db).filter(\.$pairKey == key).count() == 0 else { continue }
                let conversation = Conversation(kind: .direct, title: nil, pairKey: key, creatorID: a, now: now)
                try await conversation.create(on: db)
                var last: Message?
                for (position, line) in lines.enumerated() {
                    now += 60_000_000
                    let message = Message(conversationID: conversation.id!, authorID: position % 2 == 0 ? a : b, body: line, now: now)
                    try await message.create(on: db)
                    last = message
                }
                conversation.lastMessageMicros = now
                conversation.lastMessageID = last?.id
                try await conversation.save(on: db)
                // The last line is by `lastAuthor`; the other has not read it yet.
                let lastAuthor = (lines.count - 1) % 2 == 0 ? a : b
                let unreadBy = lastAuthor == a ? b : a
                for (member, peer) in [(a, b), (b, a)] {
                    let row = ConversationParticipant(conversationID: conversation.id!, memberID: member, peerID: peer, state: .active, now: conversation.createdMicros)
                    row.lastMessageMicros = now
                    row.lastReadMicros = member == unreadBy ? now - 60_000_000 : now
                    try await row.create(on: db)
                }
                try await notifier.announce(Announcement(
                    kind: MessagingNotices.message, recipient: unreadBy, actor: lastAuthor, groupKey: conversation.id!.uuidString,
                    link: MessagingURL.conversation(.value(conversation.id!)).path), on: db)
            }
        }
    }
}
