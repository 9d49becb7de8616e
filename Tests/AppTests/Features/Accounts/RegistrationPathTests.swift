@testable import App
import Fluent
import Testing
import Vapor

/// Every way of joining is one registration (`AccountService.register`): the page, the API and a
/// provider's newcomer count against the same per-client limit, and report fields the same way.
@Suite("One registration path")
struct RegistrationPathTests {
    let form = ["email": "", "displayName": "Person", "password": goodPassword, "consent": "1"]

    func joinPage(_ app: Application, _ email: String) async throws -> HTTPResponseStatus? {
        var browser = Browser()
        var input = form
        input["email"] = email
        return try await submit(app, "/join", input, as: &browser)?.status
    }

    func joinAPI(_ app: Application, _ email: String) async throws -> HTTPResponseStatus? {
        var status: HTTPResponseStatus?
        try await api(app, .POST, "/auth/register", json: ["email": email, "password": goodPassword, "displayName": "Person"]) { res async throws in
            status = res.status
        }
        return status
    }

    func joinProvider(_ app: Application, _ fake: FakeIdentityProvider, _ number: Int) async throws -> HTTPResponseStatus? {
        fake.behave {
            $0.person.subject = "newcomer-\(number)"
            $0.person.email = "newcomer\(number)@example.org"
        }
        var browser = Browser()
        return try await ProviderSignInDriver(app: app, fake: fake).join(as: &browser)?.status
    }

    @Test func thePageTheAPIAndProviderNewcomersShareOneLimit() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            #expect(RateLimitRule.registrationPerIP.limit == 5)
            #expect(try await joinPage(app, "one@example.org") == .ok)
            #expect(try await joinAPI(app, "two@example.org") == .accepted)
            #expect(try await joinProvider(app, fake, 3) == .seeOther)
            #expect(try await joinPage(app, "four@example.org") == .ok)
            #expect(try await joinAPI(app, "five@example.org") == .accepted)
            // The sixth from this client, whichever way it comes, is one too many.
            #expect(try await joinProvider(app, fake, 6) == .tooManyRequests)
            #expect(try await joinPage(app, "seven@example.org") == .tooManyRequests)
            #expect(try await joinAPI(app, "eight@example.org") == .tooManyRequests)
            try await runQueuedJobs(app)
            #expect(Set(try await Member.query(on: app.db).all().map(\.email))
                == ["one@example.org", "two@example.org", "newcomer3@example.org", "four@example.org", "five@example.org"])
        }
    }

    @Test func aProviderNewcomersNameIsCheckedByTheSameRule() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            var browser = Browser()
            let answer = try await ProviderSignInDriver(app: app, fake: fake).join(as: &browser, extra: ["displayName": "Nadia\u{0007}"])
            #expect(answer?.status == .unprocessableEntity)
            #expect(answer?.body.string.contains(htmlEscaped(try catalogText("account.error.name.invalid"))) == true)
            #expect(answer?.body.string.contains("nadia@example.org") == true, "what was typed stays in the form")
            #expect(try await Member.query(on: app.db).count() == 0)
        }
    }

    /// The document says `locale` is a language code: `null` is refused like an unknown code.
    @Test func aNullLocaleIsRefusedLikeAnUnknownCode() async throws {
        try await withApp { app async throws in
            let body = #"{"email": "amina@example.org", "password": "\#(goodPassword)", "displayName": "Amina", "locale": null}"#
            try await app.testing().test(.POST, "/api/v1/auth/register", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: body)) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["locale"])
            }
        }
    }

    @Test func anAPIHandlersFieldErrorsAreA422ProblemNamingEachField() async throws {
        try await withApp { app async throws in
            try await api(app, .POST, "/auth/password/forgot", json: ["email": "not an address"]) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.headers.contentType == Problem.mediaType)
                let problem = try JSONDecoder().decode(Problem.self, from: Data(res.body.readableBytesView))
                #expect(problem.errors == [.init(field: "email", message: try catalogText("account.error.email.invalid"))])
            }
            try await api(app, .POST, "/auth/password/reset", json: ["token": "no-such-link", "password": goodPassword]) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["token"])
            }
        }
    }
}
