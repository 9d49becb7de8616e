@testable import App
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import Vapor

@Suite("Structured logs")
struct StructuredLogTests {
    @Test func jsonLinesCarryLevelMessageAndMetadata() throws {
        let lines = NIOLockedValueBox<[String]>([])
        var logger = Logger(label: "test") { label in
            JSONLogHandler(label: label, level: .info) { line in lines.withLockedValue { $0.append(line) } }
        }
        logger[metadataKey: "request-id"] = "abc-123"
        logger.debug("hidden")
        logger.warning("quote \" and newline\n inside", metadata: ["status": "503"])
        let written = lines.withLockedValue { $0 }
        #expect(written.count == 1, "debug is below the level")
        let line = try #require(written.first)
        #expect(line.hasSuffix("\n") && line.dropLast().contains("\n") == false, "one line per event")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["message"] as? String == "quote \" and newline\n inside")
        #expect(object["request-id"] as? String == "abc-123")
        #expect(object["status"] as? String == "503")
        #expect(object["logger"] as? String == "test")
        #expect((object["time"] as? String)?.contains("T") == true)
    }

    @Test func everyRequestIsLoggedOnceWithItsIdAndStatus() async throws {
        try await withApp(adjust: { $0.sendsServerTiming = true }) { app async throws in
            let logs = LogCapture()
            app.middleware.use(logs.middleware, at: .beginning)
            try await app.testing().test(.GET, "/healthz", headers: ["X-Request-Id": "req-42"]) { res async throws in
                #expect(res.headers.first(name: .xRequestId) == "req-42")
                let timing = try #require(res.headers.first(name: "Server-Timing"))
                #expect(timing.hasPrefix("app;dur=") && Double(timing.dropFirst(8)) != nil)
                let lines = logs.logged.filter { $0.message == "request" }
                #expect(lines.count == 1)
                #expect(lines.first?.metadata["request-id"] == "req-42")
                #expect(lines.first?.metadata["status"] == "200")
                #expect(lines.first?.metadata["path"] == "/healthz")
                #expect(lines.first?.metadata["duration_ms"] != nil)
            }
        }
    }
}
