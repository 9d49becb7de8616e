import Fluent
import Foundation

/// What the signed-in member can do toward members on profiles and directory cards: ask to
/// connect, answer, see a request is sent or that they are connected, remove, block or unblock.
/// Three queries for a whole page (blocks, connections, requests), never one per card.
struct ConnectionActionSource: MemberActionSource {
    func actions(for viewer: Principal, toward members: [UUID], on database: any Database) async throws -> [UUID: [MemberAction]] {
        let me = viewer.memberID
        let relations = ConnectionRelations()
        let blocks = try await relations.blockStates(of: me, among: members, on: database)
        let open = members.filter { blocks[$0] == nil }
        let connected = try await relations.connections(of: me, among: open, on: database)
        let pending = open.filter { !connected.contains($0) }
        var requests: [UUID: ConnectionRequest] = [:]
        if !pending.isEmpty {
            let keys = pending.map { ConnectionRequest.pairKey(me, $0) }
            for request in try await ConnectionRequest.query(on: database).filter(\.$pairKey ~~ keys).all() {
                requests[request.requesterID == me ? request.recipientID : request.requesterID] = request
            }
        }
        var all: [UUID: [MemberAction]] = [:]
        for member in members {
            let block = MemberAction(labelKey: "connections.action.block", method: .get, href: ConnectionsURL.block(.value(member)).path, style: .danger)
            switch blocks[member] {
            case .blocks?, .both?:
                all[member] = [MemberAction(labelKey: "connections.action.unblock", method: .post, href: ConnectionsURL.unblock(.value(member)).path)]
                continue
            case .blockedBy?:
                // Silent: the same as toward anyone, minus what the block forbids.
                all[member] = [block]
                continue
            case nil:
                break
            }
            if connected.contains(member) {
                all[member] = [.status("connections.action.connected"),
                               MemberAction(labelKey: "connections.action.remove", method: .post, href: ConnectionsURL.remove(.value(member)).path), block]
            } else if let request = requests[member], request.withdrawnAt == nil || request.requesterID != me {
                if request.requesterID == me {
                    all[member] = [.status("connections.action.sent"), block]
                } else if request.state == .pending, request.withdrawnAt == nil, let id = request.id {
                    all[member] = [MemberAction(labelKey: "connections.action.accept", method: .post, href: ConnectionsURL.accept(.value(id)).path, style: .primary), block]
                } else {
                    all[member] = [MemberAction(labelKey: "connections.action.request", method: .get, href: ConnectionsURL.requestForm(.value(member)).path, style: .primary), block]
                }
            } else {
                all[member] = [MemberAction(labelKey: "connections.action.request", method: .get, href: ConnectionsURL.requestForm(.value(member)).path, style: .primary), block]
            }
        }
        return all
    }
}
