@testable import App
import Foundation
import Testing
import Vapor

@Suite("Health and readiness")
struct HealthTests {
    @Test func liveAndReadyWhenTheDatabaseAnswers() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/healthz") { res async throws in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("ok"))
            }
            try await app.testing().test(.GET, "/readyz") { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.cacheControl?.noStore == true)
            }
        }
    }

    @Test func notReadyWhenTheSQLiteFileIsGone() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readyz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("db.sqlite").path
        try await withApp(database: .sqliteFile(path: file)) { app async throws in
            try await app.testing().test(.GET, "/readyz") { res async throws in
                #expect(res.status == .ok)
            }
            try FileManager.default.removeItem(atPath: file)
            try await app.testing().test(.GET, "/readyz") { res async throws in
                #expect(res.status == .serviceUnavailable)
            }
            try await app.testing().test(.GET, "/healthz") { res async throws in
                #expect(res.status == .ok, "the process itself still answers")
            }
        }
    }

    @Test func notReadyWhenPostgreSQLCannotBeReached() async throws {
        // Nothing listens on port 9 (discard) here: the connection is refused at once.
        let app = try await makeTestApplication(.testing)
        app.logger.logLevel = .critical
        do {
            let configuration = AppConfiguration(
                database: .postgres(url: "postgres://nobody:nothing@127.0.0.1:9/none"),
                publicURL: URL(string: "http://127.0.0.1:8080")!,
                rootDirectory: repositoryRoot
            )
            try await configure(app, with: configuration)
            try await app.testing().test(.GET, "/readyz") { res async throws in
                #expect(res.status == .serviceUnavailable)
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
