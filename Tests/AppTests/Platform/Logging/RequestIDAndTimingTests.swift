@testable import App
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor

@Suite("Request ids, log lines and Server-Timing")
struct RequestIDAndTimingTests {
    @Test(arguments: ["FAKE-ID status=999 path=/spoofed", String(repeating: "a", count: 65), "line\nbreak", "quote\"d", ""])
    func aClientIdThatIsNotShortAndPlainIsReplaced(sent: String) async throws {
        try await withApp { app async throws in
            let logs = LogCapture()
            app.middleware.use(logs.middleware, at: .beginning)
            try await app.testing().test(.GET, "/healthz", headers: ["X-Request-Id": sent]) { res async throws in
                let id = try #require(res.headers.first(name: .xRequestId))
                #expect(id != sent)
                #expect(UUID(uuidString: id) != nil, "a fresh id of the server's own")
                #expect(logs.logged.first { $0.message == "request" }?.metadata["request-id"] == id)
            }
        }
    }

    @Test func aShortPlainClientIdIsKeptAndShownOnErrorPages() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/no-such-page", headers: ["X-Request-Id": "lb-7f3a:42.1_x"]) { res async throws in
                #expect(res.headers.first(name: .xRequestId) == "lb-7f3a:42.1_x")
                #expect(res.body.string.contains("lb-7f3a:42.1_x"))
            }
            try await app.testing().test(.GET, "/api/v1/nothing", headers: ["X-Request-Id": "FAKE-ID status=999"]) { res async throws in
                #expect(!res.body.string.contains("FAKE-ID"))
            }
        }
    }

    @Test func textLogLinesQuoteAndEscapeEveryValue() throws {
        let lines = LockedLines()
        var logger = Logger(label: "test") { TextLogHandler(label: $0, level: .info, write: lines.append) }
        logger[metadataKey: "request-id"] = "FAKE-ID status=999 path=/spoofed"
        logger.info("request", metadata: ["path": "/a\nb", "status": "200", "quote": "say \"hi\" \\ done", "empty": ""])
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("\n") && !line.dropLast().contains("\n"), "one line")
        #expect(line.contains(#"request-id="FAKE-ID status=999 path=/spoofed""#))
        let fields = Self.logfmtFields(line)
        #expect(fields.filter { $0.key == "status" }.map(\.value) == ["200"], "no forged field")
        #expect(fields.filter { $0.key == "path" }.map(\.value) == [#""/a\nb""#])
        #expect(line.contains(#"path="/a\nb""#))
        #expect(line.contains(#"quote="say \"hi\" \\ done""#))
        #expect(line.contains(#"empty="""#))
        #expect(line.contains(" status=200"))
    }

    /// `key=value` pairs of a line as a logfmt reader splits them (spaces inside quotes do not split).
    static func logfmtFields(_ line: String) -> [(key: String, value: String)] {
        var tokens: [String] = [], current = "", quoted = false, escaped = false
        for character in line.dropLast() {
            if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { quoted.toggle() }
            if character == " ", !quoted { tokens.append(current); current = "" } else { current.append(character) }
        }
        tokens.append(current)
        return tokens.compactMap { token in
            guard let equals = token.firstIndex(of: "=") else { return nil }
            return (String(token[..<equals]), String(token[token.index(after: equals)...]))
        }
    }

    @Test func serverTimingIsOffUnlessConfiguredAndNeverOnAccountRoutes() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/healthz") { res async throws in
                #expect(res.headers.first(name: "Server-Timing") == nil)
            }
        }
        try await withApp(adjust: { $0.sendsServerTiming = true }) { app async throws in
            for path in ["/healthz", "/members", "/"] {
                try await app.testing().test(.GET, path) { res async throws in
                    #expect(res.headers.first(name: "Server-Timing")?.hasPrefix("app;dur=") == true, "\(path)")
                }
            }
            var browser = Browser()
            for path in ["/login", "/join", "/password/forgot"] {
                try await submit(app, path, ["email": "amina@example.org", "password": "whatever it may be"], as: &browser) { res async throws in
                    #expect(res.headers.first(name: "Server-Timing") == nil, "\(path)")
                }
            }
            for path in ["/auth/login", "/auth/register", "/auth/password/forgot"] {
                try await api(app, .POST, path, json: ["email": "amina@example.org", "password": "whatever it may be"]) { res async throws in
                    #expect(res.headers.first(name: "Server-Timing") == nil, "\(path)")
                }
            }
            // Listing the providers that are on tells nothing about anyone.
            let timed = app.routes.all.filter { !$0.hidesServerTiming }.map(\.description).filter { $0 != "GET /api/v1/auth/providers" }
            for route in timed {
                #expect(!route.contains("/login") && !route.contains("/join") && !route.contains("/password") && !route.contains("/account") && !route.contains("auth"), "\(route) should hide its timing")
            }
        }
    }

    @Test func pagesIgnoreBearerTokensAndNothingLoops() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let headers: HTTPHeaders = ["Authorization": "Bearer xyz"]
            try await app.testing().test(.GET, "/healthz", headers: headers) { res async throws in #expect(res.status == .ok) }
            try await app.testing().test(.GET, "/login", headers: headers) { res async throws in #expect(res.status == .ok) }
            try await app.testing().test(.GET, "/", headers: headers) { res async throws in #expect(res.status == .ok) }
            try await app.testing().test(.GET, "/account", headers: headers) { res async throws in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.hasPrefix("/login") == true)
            }
            // A real token signs in API calls only; a page does not take it as a session.
            let valid = try await bearer(app, for: member)
            try await app.testing().test(.GET, "/account", headers: valid) { res async throws in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/api/v1/me", headers: valid) { res async throws in #expect(res.status == .ok) }
            try await app.testing().test(.GET, "/api/v1/me", headers: headers) { res async throws in #expect(res.status == .unauthorized) }
        }
    }
}

/// Collects written log lines.
final class LockedLines: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    var all: [String] { lines.withLockedValue { $0 } }
    var append: @Sendable (String) -> Void { { [lines] line in lines.withLockedValue { $0.append(line) } } }
}
