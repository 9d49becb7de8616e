import Fluent
import Foundation

/// Connections between demo members and a few requests waiting for an answer (announced, so
/// the notifications list and the header's counts are not empty), so their pages look lived in.
/// Written directly, as members who met long ago would be: no caps, no mail.
enum ConnectionsDemo {
    /// Demo members who get connections: enough for the first pages, few enough to stay quick.
    static let connectedMembers = 60

    static func add(_ demo: DemoData) async throws {
        let database = demo.database
        let members = try await Member.query(on: database).sort(\.$createdAt).sort(\.$id).limit(connectedMembers * 2).all()
            .filter { $0.emailKey.hasSuffix("@example.invalid") && $0.isListable }.prefix(connectedMembers).compactMap(\.id)
        guard members.count >= 4 else { return }
        let notifier = demo.application.notifier
        let now = ConnectionTime.stamp(demo.application.clock.now)
        try await database.writeTransaction { db in
            guard try await MemberConnection.query(on: db).filter(\.$memberID ~~ members).count() == 0 else { return }
            for (index, member) in members.enumerated() {
                // Each connected to the next two (so neighbours in the demo are connected both ways)…
                for step in 1...2 where index + step < members.count {
                    let other = members[index + step]
                    let at = now.addingTimeInterval(-Double(index * 3 + step) * 86_400)
                    let request = ConnectionRequest(requester: member, recipient: other, note: "", at: at)
                    request.state = .accepted
                    request.respondedAt = at
                    request.connectedAt = at
                    try await request.create(on: db)
                    try await MemberConnection(member: member, other: other, at: at).create(on: db)
                    try await MemberConnection(member: other, other: member, at: at).create(on: db)
                }
                // …and every fourth one asked by a member further on, still waiting.
                if index % 4 == 0, index + 5 < members.count {
                    let asker = members[index + 5]
                    let request = ConnectionRequest(requester: asker, recipient: member, note: "We met at the diaspora forum; shall we stay in touch?", at: now.addingTimeInterval(-3_600))
                    try await request.create(on: db)
                    try await notifier.announce(Announcement(
                        kind: ConnectionNotifications.requestReceived, recipient: member, actor: asker,
                        groupKey: try request.requireID().uuidString.lowercased(), link: ConnectionsURL.received.path), on: db)
                }
            }
        }
    }
}
