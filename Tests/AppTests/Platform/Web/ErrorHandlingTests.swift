@testable import App
import AsyncKit
import Testing
import Vapor

/// A failure whose description must never reach a client.
private struct SecretFailure: Error, CustomStringConvertible {
    var description: String { "connection string postgres://admin:hunter2@db" }
}

private struct SampleInput: Content {
    let name: String
    let age: Int
}

@Suite("Error handling")
struct ErrorHandlingTests {
    func addFailingRoutes(_ app: Application) {
        app.get("boom") { _ -> String in throw SecretFailure() }
        app.get("api", "v1", "boom") { _ -> String in throw SecretFailure() }
        app.get("forbidden") { _ -> String in throw Abort(.forbidden) }
        app.get("slow-down") { _ -> String in throw Abort(.tooManyRequests, headers: ["Retry-After": "30"]) }
        app.get("unprocessable") { _ -> String in throw Abort(.unprocessableEntity) }
        app.get("api", "v1", "busy") { _ -> String in throw ConnectionPoolTimeoutError.connectionRequestTimeout }
        app.post("api", "v1", "sample", accepting: .json()) { req async throws -> String in
            try req.content.decode(SampleInput.self).name
        }
        app.post("api", "v1", "validated", accepting: .json()) { _ async throws -> String in
            throw InputValidationError([.init(field: "email", message: "Enter an email address.")])
        }
        app.post("api", "v1", "service-refused", accepting: .json()) { _ async throws -> String in
            var errors = FormErrors()
            errors.add("email", "account.error.email.missing")
            errors.add("password", "password.error.short", ["min": "12", "max": "128"])
            throw errors
        }
    }

    @Test(arguments: [("fr", AppLocale.fr), ("es", .es), ("en", .en)])
    func missingPagesAnswerInTheMembersLanguage(header: String, locale: AppLocale) async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/no/such/page", headers: .acceptLanguage(header)) { res async throws in
                #expect(res.status == .notFound)
                #expect(res.headers.contentType == .html)
                #expect(res.htmlLang == locale.rawValue)
                #expect(res.h1 == htmlEscaped(try catalogText("error.404.title", locale)))
            }
        }
    }

    @Test(arguments: [("/forbidden", 403), ("/unprocessable", 422), ("/slow-down", 429)])
    func refusedRequestsGetTheirOwnPage(path: String, status: Int) async throws {
        try await withApp { app async throws in
            addFailingRoutes(app)
            try await app.testing().test(.GET, path, headers: .acceptLanguage("es")) { res async throws in
                #expect(Int(res.status.code) == status)
                #expect(res.h1 == htmlEscaped(try catalogText("error.\(status).title", .es)))
            }
        }
    }

    @Test func retryAfterSurvivesTheErrorPage() async throws {
        try await withApp { app async throws in
            addFailingRoutes(app)
            try await app.testing().test(.GET, "/slow-down") { res async throws in
                #expect(res.headers.first(name: "Retry-After") == "30")
            }
        }
    }

    @Test func serverErrorsShowNoInternalsAndAreLoggedWithTheRequestID() async throws {
        try await withApp { app async throws in
            let logs = LogCapture()
            app.middleware.use(logs.middleware, at: .beginning)
            addFailingRoutes(app)
            try await app.testing().test(.GET, "/boom") { res async throws in
                #expect(res.status == .internalServerError)
                #expect(res.h1 == htmlEscaped(try catalogText("error.500.title")))
                #expect(!res.body.string.contains("hunter2"))
                let requestID = try #require(res.headers.first(name: .xRequestId))
                #expect(res.body.string.contains(requestID))
                let errors = logs.logged.filter { $0.level == .error }
                #expect(errors.count == 1)
                #expect(errors.first?.metadata["request-id"] == requestID)
                #expect(errors.first?.metadata["error"]?.contains("hunter2") == true, "the log keeps what the client must not see")
            }
        }
    }

    @Test func apiErrorsAreProblemDocuments() async throws {
        try await withApp { app async throws in
            addFailingRoutes(app)
            try await app.testing().test(.GET, "/api/v1/nothing-here") { res async throws in
                #expect(res.status == .notFound)
                #expect(res.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
                let problem = try res.content.decode(Problem.self, using: JSONDecoder())
                #expect(problem.status == 404)
                #expect(problem.title == "Not Found")
                #expect(problem.instance == "/api/v1/nothing-here")
                #expect(problem.requestID == res.headers.first(name: .xRequestId))
            }
            try await app.testing().test(.GET, "/api/v1/boom") { res async throws in
                #expect(res.status == .internalServerError)
                let problem = try res.content.decode(Problem.self, using: JSONDecoder())
                #expect(problem.detail == nil)
                #expect(!res.body.string.contains("hunter2"))
            }
        }
    }

    @Test func unreadableAPIInputNamesTheField() async throws {
        try await withApp { app async throws in
            addFailingRoutes(app)
            try await app.testing().test(.POST, "/api/v1/sample", headers: ["Content-Type": "application/json"], body: .init(string: #"{"name":"Awa","age":"old"}"#)) { res async throws in
                #expect(res.status == .badRequest)
                let problem = try res.content.decode(Problem.self, using: JSONDecoder())
                #expect(problem.errors?.first?.field == "age")
            }
            try await app.testing().test(.POST, "/api/v1/sample", headers: ["Content-Type": "application/json"], body: .init(string: #"{"age":3}"#)) { res async throws in
                #expect(res.status == .badRequest)
                let problem = try res.content.decode(Problem.self, using: JSONDecoder())
                #expect(problem.errors?.first?.field == "name")
            }
        }
    }

    @Test func validationErrorsAre422WithEachField() async throws {
        try await withApp { app async throws in
            addFailingRoutes(app)
            try await app.testing().test(.POST, "/api/v1/validated") { res async throws in
                #expect(res.status == .unprocessableEntity)
                let problem = try res.content.decode(Problem.self, using: JSONDecoder())
                #expect(problem.errors == [.init(field: "email", message: "Enter an email address.")])
            }
        }
    }

    /// A service's field errors (`FormErrors`) thrown straight through an API handler: the
    /// middleware answers them, in the request's language, never as a 500.
    @Test func aServicesFieldErrorsAreA422ProblemInTheRequestsLanguage() async throws {
        try await withApp { app async throws in
            addFailingRoutes(app)
            try await app.testing().test(.POST, "/api/v1/service-refused", headers: .acceptLanguage("fr")) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.headers.contentType == Problem.mediaType)
                let problem = try res.content.decode(Problem.self, using: JSONDecoder())
                #expect(problem.errors == [
                    .init(field: "email", message: try catalogText("account.error.email.missing", .fr)),
                    .init(field: "password", message: try catalogText("password.error.short", .fr, ["min": "12", "max": "128"])),
                ])
            }
        }
    }

    @Test func aDatabaseBusyPastThePoolTimeoutAnswers503WithRetryAfter() async throws {
        try await withApp { app async throws in
            addFailingRoutes(app)
            try await app.testing().test(.GET, "/api/v1/busy") { res async throws in
                #expect(res.status == .serviceUnavailable)
                #expect(res.headers.first(name: .retryAfter) == "5")
                #expect(res.headers.contentType == Problem.mediaType)
            }
        }
    }
}
