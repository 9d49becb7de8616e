import Fluent
import Vapor

/// Records that a member was active (sign-in, and at most hourly while they use the site).
/// Features that list people "most recently active first" register an observer here, so
/// Accounts needs not know them; observers run in the same request, before it answers. An
/// observer's failure is logged and does not fail the request: an order a little out of date
/// is better than a member refused for it.
struct MemberActivity: Sendable {
    typealias Observer = @Sendable (_ memberID: UUID, _ database: any Database) async throws -> Void

    var observers: [Observer] = []

    func record(_ member: Member, at date: Date, on database: any Database, logger: Logger) async throws {
        let id = try member.requireID()
        try await Member.query(on: database).filter(\.$id == id).set(\.$lastActiveAt, to: date).update()
        for observer in observers {
            do {
                try await observer(id, database)
            } catch {
                logger.warning("activity not recorded by an observer", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }
}

extension Application {
    private struct MemberActivityKey: StorageKey { typealias Value = MemberActivity }

    var memberActivity: MemberActivity {
        get { storage[MemberActivityKey.self] ?? MemberActivity() }
        set { storage[MemberActivityKey.self] = newValue }
    }
}
