@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// A password that meets the policy, for members made by tests.
let goodPassword = "correct horse battery staple"

/// Makes a member directly in the database (no mail, no request).
@discardableResult
func makeMember(
    _ app: Application, email: String = "amina@example.org", password: String = goodPassword, name: String = "Amina Diallo",
    verified: Bool = true, role: Role = .member, suspended: Bool = false, locale: AppLocale = .en
) async throws -> Member {
    let member = Member(email: email, passwordHash: try await app.passwordHasher.hash(password), displayName: name, locale: locale, role: role)
    member.emailVerifiedAt = verified ? Date() : nil
    member.suspendedAt = suspended ? Date() : nil
    try await member.create(on: app.db)
    return member
}

/// A browser's cookies, carried from one test request to the next.
struct Browser {
    var cookies: [String: String] = [:]

    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "))
        }
        return headers
    }

    /// Keeps what the response set; an expired cookie is removed.
    mutating func remember(_ response: TestingHTTPResponse) {
        for (name, value) in response.headers.setCookie?.all ?? [:] {
            if value.string.isEmpty || value.maxAge == 0 { cookies[name] = nil } else { cookies[name] = value.string }
        }
    }

    var session: String? { cookies[SessionCookie.sessionName] }
}

/// Pages' forms carry `csrf_token`; this reads it from a rendered page.
func csrfToken(in response: TestingHTTPResponse) -> String? {
    response.firstMatch(#"name="csrf_token" value="([^"]+)""#)
}

/// Loads a page, remembering cookies, and returns the CSRF token its forms carry.
@discardableResult
func visit(_ app: Application, _ path: String, as browser: inout Browser) async throws -> String {
    var token = ""
    var jar = browser
    try await app.testing().test(.GET, path, headers: jar.headers) { res async throws in
        jar.remember(res)
        token = csrfToken(in: res) ?? ""
    }
    browser = jar
    return token
}

/// Posts a form as a browser would (urlencoded, with the page's CSRF token unless told otherwise).
@discardableResult
func submit(
    _ app: Application, _ path: String, _ fields: [String: String], as browser: inout Browser,
    csrf: String? = nil, check: (TestingHTTPResponse) async throws -> Void = { _ in }
) async throws -> TestingHTTPResponse? {
    var jar = browser
    let token: String
    if let csrf { token = csrf } else { token = try await visit(app, jar.session == nil ? "/login" : "/account", as: &jar) }
    var form = fields
    form["csrf_token"] = token
    var captured: TestingHTTPResponse?
    try await app.testing().test(.POST, path, headers: jar.headers, beforeRequest: { req async throws in
        try req.content.encode(form, as: .urlEncodedForm)
    }) { res async throws in
        jar.remember(res)
        captured = res
        try await check(res)
    }
    browser = jar
    return captured
}

/// Signs in through the page and returns the browser holding the session.
func signedIn(_ app: Application, email: String = "amina@example.org", password: String = goodPassword) async throws -> Browser {
    var browser = Browser()
    try await submit(app, "/login", ["email": email, "password": password], as: &browser) { res in
        #expect(res.status == .seeOther)
    }
    #expect(browser.session != nil)
    return browser
}

/// The mails sent so far, oldest first, once the job queue has done what is due (as the
/// server's worker does within seconds of an answer: registrations and reset requests mail from
/// there, and the outbox's rounds are jobs too).
func outbox(_ app: Application) async throws -> [Mail] {
    try await runQueuedJobs(app)
    return try #require(app.mailTransport as? RecordingTransport, "withApp records mail").sent
}

/// Runs every due job, as the background worker would.
func runQueuedJobs(_ app: Application) async throws {
    while try await JobQueue(application: app).runDue() > 0 {}
}

/// The secret of the first link in a mail to `address` whose path is `path`.
func linkToken(in app: Application, to address: String, path: String) async throws -> String? {
    for message in try await outbox(app).reversed() where message.toAddress == address {
        let text = message.textBody
        guard let range = text.range(of: path + "?token=") else { continue }
        return String(text[range.upperBound...].prefix { !$0.isWhitespace })
    }
    return nil
}

/// A JSON request under `/api/v1`.
func api(
    _ app: Application, _ method: HTTPMethod, _ path: String, json: [String: String]? = nil, headers: HTTPHeaders = [:],
    check: (TestingHTTPResponse) async throws -> Void
) async throws {
    try await app.testing().test(method, "/api/v1" + path, headers: headers, beforeRequest: { req async throws in
        if let json { try req.content.encode(json, as: .json) }
    }, afterResponse: check)
}

/// The field names of a problem+json body's `errors`.
func problemFields(_ response: TestingHTTPResponse) throws -> [String] {
    try JSONDecoder().decode(Problem.self, from: Data(response.body.readableBytesView)).errors?.map(\.field) ?? []
}
