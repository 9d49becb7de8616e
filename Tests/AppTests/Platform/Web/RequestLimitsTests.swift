@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// The outside probe's bodies and queries, each refused with a 4xx before it is parsed, and the
/// server answering `/healthz` straight after (the real-socket and concurrency side is in
/// Tests/Browser/test_hostile_input.py; release-build timings in Benchmarks/README.md).
@Suite("Request bodies and queries are bounded by their route")
struct RequestLimitsTests {
    static let boundary = "XyZ"

    static func tinyParts(_ count: Int) -> ByteBuffer {
        var body = ByteBuffer()
        for index in 0..<count {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"k\(index)\"\r\n\r\nv\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return body
    }

    static var multipartHeaders: HTTPHeaders {
        ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
    }

    /// The probe's reproductions as (description, content type, body, and the answer expected from
    /// /login signed out, then signed in from /me/profile, /me/photo and /account/tokens).
    static let reproductions: [(name: String, type: String, body: ByteBuffer, expected: [HTTPStatus])] = [
        ("50,000 tiny parts", "multipart/form-data; boundary=\(boundary)", tinyParts(50_000),
         [.unsupportedMediaType, .unsupportedMediaType, .payloadTooLarge, .unsupportedMediaType]),
        ("10,000 repeated field names", "application/x-www-form-urlencoded", ByteBuffer(string: Array(repeating: "csrf_token=x", count: 10_000).joined(separator: "&")),
         [.payloadTooLarge, .payloadTooLarge, .unsupportedMediaType, .payloadTooLarge]),
        ("a 5 MB single field", "application/x-www-form-urlencoded", ByteBuffer(string: "bio=" + String(repeating: "a", count: 5 * 1024 * 1024)),
         [.payloadTooLarge, .payloadTooLarge, .unsupportedMediaType, .payloadTooLarge]),
        ("a part header of 1 MB", "multipart/form-data; boundary=\(boundary)",
         ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"" + String(repeating: "a", count: 1024 * 1024) + "\"\r\n\r\nv\r\n--\(boundary)--\r\n"),
         [.unsupportedMediaType, .unsupportedMediaType, .badRequest, .unsupportedMediaType]),
        ("a boundary that never closes", "multipart/form-data; boundary=\(boundary)",
         ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + String(repeating: "v", count: 100_000)),
         [.unsupportedMediaType, .unsupportedMediaType, .badRequest, .unsupportedMediaType]),
    ]

    func send(_ app: Application, _ method: HTTPMethod, _ path: String, type: String, body: ByteBuffer, headers: HTTPHeaders = [:]) async throws -> HTTPStatus {
        var all = headers
        all.replaceOrAdd(name: .contentType, value: type)
        var status = HTTPStatus.ok
        try await app.testing().test(method, path, headers: all, body: body) { res async throws in status = res.status }
        return status
    }

    func stillHealthy(_ app: Application) async throws {
        try await app.testing().test(.GET, "/healthz") { res async throws in #expect(res.status == .ok) }
    }

    @Test(arguments: 0..<reproductions.count)
    func theProbesBodiesAreRefusedSignedOutAndSignedIn(index: Int) async throws {
        let reproduction = Self.reproductions[index]
        try await withApp { app async throws in
            try await makeMember(app)
            // The precise answers show the body was refused by its route's declaration, not (as
            // before) by the CSRF check after decoding it.
            let status = try await send(app, .POST, "/login", type: reproduction.type, body: reproduction.body, headers: ["Cookie": "od_csrf=x"])
            #expect(status == reproduction.expected[0], "\(reproduction.name) to /login")
            let browser = try await signedIn(app)
            for (index, path) in ["/me/profile", "/me/photo", "/account/tokens"].enumerated() {
                let status = try await send(app, .POST, path, type: reproduction.type, body: reproduction.body, headers: browser.headers)
                #expect(status == reproduction.expected[index + 1], "\(reproduction.name) to \(path)")
            }
            try await stillHealthy(app)
            #expect(try await MediaFile.query(on: app.db).count() == 0)
        }
    }

    @Test func eachRefusalSaysWhatWasWrong() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            let browser = try await signedIn(app)
            let signedIn = browser.headers
            // Multipart only where a file is uploaded.
            #expect(try await send(app, .POST, "/login", type: "multipart/form-data; boundary=\(Self.boundary)", body: Self.tinyParts(1)) == .unsupportedMediaType)
            #expect(try await send(app, .POST, "/me/profile", type: "multipart/form-data; boundary=\(Self.boundary)", body: Self.tinyParts(1), headers: signedIn) == .unsupportedMediaType)
            // Too large by its Content-Length, or by its fields, or by its parts.
            #expect(try await send(app, .POST, "/login", type: "application/x-www-form-urlencoded", body: ByteBuffer(string: String(repeating: "a", count: 9000))) == .payloadTooLarge)
            #expect(try await send(app, .POST, "/login", type: "application/x-www-form-urlencoded", body: ByteBuffer(string: Array(repeating: "a=1", count: 17).joined(separator: "&"))) == .payloadTooLarge)
            #expect(try await send(app, .POST, "/me/profile", type: "application/x-www-form-urlencoded", body: ByteBuffer(string: Array(repeating: "k=v", count: 10_000).joined(separator: "&")), headers: signedIn) == .payloadTooLarge)
            #expect(try await send(app, .POST, "/me/photo", type: "multipart/form-data; boundary=\(Self.boundary)", body: Self.tinyParts(5), headers: signedIn) == .payloadTooLarge)
            // A broken multipart body.
            #expect(try await send(app, .POST, "/me/photo", type: "multipart/form-data", body: Self.tinyParts(1), headers: signedIn) == .badRequest)
            #expect(try await send(app, .POST, "/me/photo", type: "multipart/form-data; boundary=\(Self.boundary)", body: ByteBuffer(string: "garbage"), headers: signedIn) == .badRequest)
            // A body where none is taken, JSON to a page, a form to the API.
            #expect(try await send(app, .GET, "/members", type: "application/x-www-form-urlencoded", body: ByteBuffer(string: "a=1")) == .payloadTooLarge)
            #expect(try await send(app, .POST, "/login", type: "application/json", body: ByteBuffer(string: "{}")) == .unsupportedMediaType)
            #expect(try await send(app, .POST, "/api/v1/auth/login", type: "application/x-www-form-urlencoded", body: ByteBuffer(string: "email=a")) == .unsupportedMediaType)
            #expect(try await send(app, .DELETE, "/api/v1/me/photo", type: "application/json", body: ByteBuffer(string: "{}"), headers: signedIn) == .payloadTooLarge)
        }
    }

    @Test func refusalsAreProblemsUnderTheAPIAndPagesElsewhere() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.POST, "/api/v1/auth/login", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: String(repeating: " ", count: 9000))) { res async throws in
                #expect(res.status == .payloadTooLarge)
                #expect(res.headers.contentType == Problem.mediaType)
            }
            try await app.testing().test(.POST, "/login", headers: ["Content-Type": "multipart/form-data; boundary=x"], body: ByteBuffer(string: "--x--")) { res async throws in
                #expect(res.status == .unsupportedMediaType)
                #expect(res.headers.contentType?.subType == "html")
                #expect(res.h1 == htmlEscaped(try catalogText("error.415.title")))
            }
        }
    }

    @Test func uploadsFromSomeoneNotSignedInAreNotRead() async throws {
        try await withApp { app async throws in
            var body = ByteBuffer()
            body.writeString("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\n\r\n")
            body.writeBytes(samplePNG())
            body.writeString("\r\n--\(Self.boundary)--\r\n")
            // Not a broken body (400) nor a CSRF refusal (403): the sign-in answer, before reading.
            #expect(try await send(app, .POST, "/me/photo", type: "multipart/form-data; boundary=\(Self.boundary)", body: body) == .seeOther)
            #expect(try await send(app, .POST, "/me/photo", type: "multipart/form-data", body: body) == .seeOther)
            #expect(try await send(app, .PUT, "/api/v1/me/photo", type: "image/png", body: ByteBuffer(bytes: samplePNG())) == .unauthorized)
            #expect(try await send(app, .PUT, "/api/v1/me/photo", type: "image/png", body: ByteBuffer(bytes: samplePNG()), headers: ["Authorization": "Bearer odp_nothing"]) == .unauthorized)
        }
    }

    @Test func aSecondCSRFTokenInTheFormIsRefused() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = Browser()
            let token = try await visit(app, "/login", as: &browser)
            for extra in ["&csrf_token=\(token)", "&csrf_token%5B%5D=\(token)", "&csrf_token=other"] {
                var headers = browser.headers
                headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
                try await app.testing().test(.POST, "/login", headers: headers, body: ByteBuffer(string: "csrf_token=\(token)&email=amina%40example.org&password=\(goodPassword.replacingOccurrences(of: " ", with: "+"))" + extra)) { res async throws in
                    #expect(res.status == .forbidden, "\(extra)")
                }
            }
            try await submit(app, "/login", ["email": "amina@example.org", "password": goodPassword], as: &browser, csrf: token) { res async throws in
                #expect(res.status == .seeOther, "one token signs in")
            }
        }
    }

    @Test func aFormWithinItsLimitsStillNeedsItsCSRFToken() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            let browser = try await signedIn(app)
            var body = ByteBuffer()
            body.writeString("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n")
            body.writeBytes(samplePNG())
            body.writeString("\r\n--\(Self.boundary)--\r\n")
            #expect(try await send(app, .POST, "/me/photo", type: "multipart/form-data; boundary=\(Self.boundary)", body: body, headers: browser.headers) == .forbidden)
            #expect(try await MediaFile.query(on: app.db).count() == 0)
        }
    }

    @Test func everyRouteThatChangesStateDeclaresItsBody() async throws {
        try await withApp { app async throws in
            let undeclared = app.routes.all.filter { ![.GET, .HEAD].contains($0.method) && $0.acceptedBody == nil }
            #expect(undeclared.isEmpty, "\(undeclared.map(\.description))")
            app.post("undeclared") { _ in "x" }
            #expect(throws: UndeclaredRequestBody.self) { try UndeclaredRequestBody.check(app.routes) }
        }
    }

    // MARK: Queries

    @Test func aFilterRepeatedPastTheCapIsRefusedByName() async throws {
        try await withApp { app async throws in
            let twenty = Array(repeating: "origin=SN", count: 20).joined(separator: "&")
            try await app.testing().test(.GET, "/members?" + twenty) { res async throws in #expect(res.status == .ok) }
            for count in [21, 8000] {
                let query = Array(repeating: "origin=SN", count: count).joined(separator: "&")
                try await app.testing().test(.GET, "/api/v1/members?" + query) { res async throws in
                    #expect(res.status == .unprocessableEntity)
                    #expect(try problemFields(res) == ["origin"])
                }
                try await app.testing().test(.GET, "/members?" + query) { res async throws in
                    #expect(res.status == .unprocessableEntity)
                }
            }
            // Spelled with brackets or percent-escapes, it is the same parameter (the page itself
            // would quietly drop values past its own 10).
            let disguised = (Array(repeating: "origin%5B%5D=SN", count: 11) + Array(repeating: "%6Frigin=SN", count: 10)).joined(separator: "&")
            try await app.testing().test(.GET, "/members?" + disguised) { res async throws in
                #expect(res.status == .unprocessableEntity)
            }
        }
    }

    @Test func anOverlongQueryIsRefused() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/members?q=" + String(repeating: "x", count: 17 * 1024)) { res async throws in
                #expect(res.status == .uriTooLong)
            }
            let many = (0..<201).map { "p\($0)=1" }.joined(separator: "&")
            try await app.testing().test(.GET, "/api/v1/members?" + many) { res async throws in
                #expect(res.status == .uriTooLong)
                #expect(res.headers.contentType == Problem.mediaType)
            }
        }
    }
}

@Suite("Multipart and URL-encoded forms, read in one pass")
struct FormParsingTests {
    func form(_ text: String, boundary: String = "b", maxParts: Int = 4) throws(MultipartForm.Refusal) -> MultipartForm {
        try MultipartForm(parsing: ByteBuffer(string: text), boundary: boundary, maxParts: maxParts)
    }

    @Test func aBrowsersBodyGivesItsFieldsAndFile() throws {
        let parsed = try form("--b\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"me; \\\"x\\\".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\u{1}\r\n--b\u{2}\r\n--b--\r\nepilogue")
        #expect(parsed.value("csrf_token") == "abc")
        #expect(parsed.file("photo") == Array("\u{1}\r\n--b\u{2}".utf8), "a near-delimiter inside the file is data")
        #expect(parsed.parts.last?.filename == "me; \"x\".jpg")
        #expect(parsed.value("photo") == nil, "a file is not a text field")
        #expect(parsed.file("csrf_token") == nil)
    }

    @Test func aPreambleAndPaddingAreAllowed() throws {
        let parsed = try form("ignored preamble\r\n--b \t\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--")
        #expect(parsed.value("a") == "1")
    }

    @Test(arguments: [
        "no delimiter at all",
        "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nnever closed",
        "--b\r\nContent-Type: text/plain\r\n\r\nno name\r\n--b--",
        "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nnot form-data\r\n--b--",
        "--b\r\nno colon here\r\n\r\nx\r\n--b--",
        "--bx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=\"a\"; filename=\"" + String(repeating: "h", count: 1100) + "\"\r\n\r\n1\r\n--b--",
    ])
    func brokenBodiesAreMalformed(text: String) {
        #expect(throws: MultipartForm.Refusal.malformed) { try form(text) }
    }

    @Test func partsAndTextFieldsAreCounted() {
        let five = (0..<5).map { "--b\r\nContent-Disposition: form-data; name=\"k\($0)\"\r\n\r\nv\r\n" }.joined() + "--b--"
        #expect(throws: MultipartForm.Refusal.tooLarge) { try form(five) }
        let big = "--b\r\nContent-Disposition: form-data; name=\"bio\"\r\n\r\n" + String(repeating: "x", count: MultipartForm.maximumFieldBytes + 1) + "\r\n--b--"
        #expect(throws: MultipartForm.Refusal.tooLarge) { try form(big) }
        let file = "--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a\"\r\n\r\n" + String(repeating: "x", count: 100_000) + "\r\n--b--"
        #expect(throws: Never.self) { try form(file) }
    }

    @Test func boundariesFollowRFC2046() {
        #expect(MultipartForm.boundary(of: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": "----WebKitFormBoundary7MA4YWxk"])) != nil)
        #expect(MultipartForm.boundary(of: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": String(repeating: "a", count: 71)])) == nil)
        #expect(MultipartForm.boundary(of: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": "a\u{0}b"])) == nil)
        #expect(MultipartForm.boundary(of: HTTPMediaType(type: "multipart", subType: "form-data")) == nil)
    }

    @Test func urlEncodedFieldsDecodeAsFormsDoAndAreCounted() throws {
        let fields = try URLEncodedFields(parsing: "csrf_token=a%2Bb+c&&name=%E2%82%AC&bad=%ZZ%4&flag", maxFields: 4)
        #expect(fields.value("csrf_token") == "a+b c")
        #expect(fields.value("name") == "€")
        #expect(fields.value("bad") == "%ZZ%4")
        #expect(fields.value("flag") == "")
        #expect(throws: URLEncodedFields.Refusal.tooManyFields) { try URLEncodedFields(parsing: "a=1&b=2&c=3", maxFields: 2) }
    }
}
