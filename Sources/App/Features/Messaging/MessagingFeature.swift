import Fluent
import Vapor

/// Conversations and messages: one-to-one and group conversations, message requests from members
/// one is not connected with, read state, the header's unread count, live events for open pages.
struct MessagingFeature: Feature {
    func prepare(_ app: Application) throws {
        let relations = RelationsHandle(app)
        app.notificationKinds.register(MessagingNotices.message.withMailDelay(.seconds(app.appConfiguration.messageMailDelaySeconds)))
        app.notificationKinds.register(MessagingNotices.request)
        app.headerBadgeSources.append(HeaderBadgeSource(name: MessagingLive.badgeName, labelKey: "messaging.badge", path: MessagingURL.messages.path) { member in
            ConversationQueries.unreadCountSQL(of: member, relations: relations.current)
        })
        app.memberActionSources.append(MessagingMemberActions(relations: relations))
    }

    func migrations(_ app: Application) -> [any Migration] { [
        CreateConversations(),
        CreateConversationParticipants(),
        CreateMessages(),
        CreateMessageReports(),
        AddMessagingSearchText(),
    ] }

    func routes(_ app: Application) throws -> [any RouteCollection] {
        [MessagingController(), MessagingAPI()]
    }

    func apiDocument(_ app: Application) -> [APIDocumentPart] { [MessagingAPIDocument.part] }

    func addDemoData(_ demo: DemoData) async throws {
        try await MessagingDemo.add(demo)
    }
}

/// The relations the connections feature provides, read when used rather than when Messaging is
/// prepared (that feature may be prepared later, and tests set their own). Holds the application
/// weakly: the application holds what holds this.
final class RelationsHandle: @unchecked Sendable {
    private weak var app: Application?

    init(_ app: Application) { self.app = app }

    var current: any AudienceRelations { app?.audienceRelations ?? NoAudienceRelations() }
    var clock: any SiteClock { app?.clock ?? SystemClock() }
}

/// "Send message" on profiles and directory cards: toward connections, and toward members open to
/// being contacted when the viewer may write to strangers (verified, joined a day ago or more).
/// One query per kind of fact for the whole page of members, never one per member.
struct MessagingMemberActions: MemberActionSource {
    let relations: RelationsHandle

    func actions(for viewer: Principal, toward members: [UUID], on database: any Database) async throws -> [UUID: [MemberAction]] {
        let relations = self.relations.current
        let blocked = try await relations.blockStates(of: viewer.memberID, among: members, on: database)
        let candidates = members.filter { blocked[$0] == nil }
        guard !candidates.isEmpty else { return [:] }
        let connected = try await relations.connections(of: viewer.memberID, among: candidates, on: database)
        var reachable = connected
        let strangers = candidates.filter { !connected.contains($0) }
        if !strangers.isEmpty, viewer.isEmailVerified,
           let joined = try await Member.find(viewer.memberID, on: database)?.createdAt,
           self.relations.clock.now.timeIntervalSince(joined) >= MessagingLimits.newAccountAge {
            let open = try await MemberProfile.query(on: database).filter(\.$id ~~ strangers).filter(\.$openToContact == true).all()
            reachable.formUnion(open.compactMap(\.id))
        }
        var actions: [UUID: [MemberAction]] = [:]
        for member in candidates where reachable.contains(member) {
            actions[member] = [MemberAction(labelKey: "messaging.action.send", method: .get,
                                            href: MessagingURL.compose.path + "?to=" + member.uuidString.lowercased(), style: .primary)]
        }
        return actions
    }
}
