@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Demo members get connections and requests waiting for them (announced), once.
@Suite("Connections: demo data")
struct ConnectionsDemoTests {
    @Test func demoMembersGetConnectionsAndAnnouncedRequestsOnce() async throws {
        try await withApp { app in
            try await DemoSeeder(database: app.db, reference: app.referenceData).seed(members: 12, seed: 3) { _ in }
            let demo = DemoData(application: app, members: 12, seed: 3)
            try await ConnectionsDemo.add(demo)
            try await ConnectionsDemo.add(demo)
            let listable = try await Member.query(on: app.db).all().filter(\.isListable).count
            // Each connected to the next two: 2 rows per connection, 2 connections per member but the last two.
            #expect(try await MemberConnection.query(on: app.db).count() == 2 * (2 * listable - 3))
            let waiting = try await ConnectionRequest.query(on: app.db).filter(\.$state == .pending).all()
            #expect(!waiting.isEmpty)
            for request in waiting {
                #expect(try await app.audienceRelations.isConnection(request.requesterID, of: request.recipientID, on: app.db) == false)
                #expect(try await MemberNotification.query(on: app.db).filter(\.$recipientID == request.recipientID).count() == 1)
            }
        }
    }
}
