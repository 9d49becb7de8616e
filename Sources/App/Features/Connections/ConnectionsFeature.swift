import Fluent
import Vapor

/// Connections and blocks: members ask each other to connect, answer, remove connections and
/// block. It provides the relations the audience policy asks (`app.audienceRelations`), the
/// actions on profiles and cards, the header's count of received requests, the block list's
/// link on `/account` and the two notification kinds.
struct ConnectionsFeature: Feature {
    func prepare(_ app: Application) throws {
        app.audienceRelations = ConnectionRelations()
        app.memberActionSources.append(ConnectionActionSource())
        app.headerBadgeSources.append(HeaderBadgeSource(
            name: "connections", labelKey: "connections.badge", path: ConnectionsURL.received.path, countSQL: { ConnectionQueries.receivedCountSQL($0) }))
        app.accountLinks.append(AccountLink(labelKey: "connections.blocks.link", descriptionKey: "connections.blocks.linkDescription", path: ConnectionsURL.blocks.path))
        app.notificationKinds.register(ConnectionNotifications.requestReceived)
        app.notificationKinds.register(ConnectionNotifications.requestAccepted)
    }

    func migrations(_ app: Application) -> [any Migration] { [
        CreateConnectionRequests(),
        CreateMemberConnections(),
        CreateMemberBlocks(),
    ] }

    func routes(_ app: Application) throws -> [any RouteCollection] {
        [ConnectionsController(), ConnectionsAPI()]
    }

    func apiDocument(_ app: Application) -> [APIDocumentPart] { [ConnectionsAPIDocument.part] }

    func addDemoData(_ demo: DemoData) async throws { try await ConnectionsDemo.add(demo) }
}
