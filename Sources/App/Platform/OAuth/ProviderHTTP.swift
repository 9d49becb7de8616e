import NIOCore
import Vapor

/// Server-to-server calls to a provider: JSON answers only, each under a deadline, and every
/// failure turned into a `ProviderSignInFailure` that names the call.
struct ProviderHTTP {
    let client: any Client
    let timeout: TimeAmount
    let logger: Logger

    /// Answers larger than this are not from a sign-in provider.
    static let maximumAnswerBytes = 1024 * 1024

    func getJSON<Answer: Decodable>(_ url: String, as _: Answer.Type, call: String, headers: HTTPHeaders = [:]) async throws -> Answer {
        try await send(ClientRequest(method: .GET, url: URI(string: url), headers: accepting(headers), body: nil, timeout: timeout), call: call)
    }

    func postForm<Answer: Decodable>(_ url: String, fields: [String: String], as _: Answer.Type, call: String, headers: HTTPHeaders = [:]) async throws -> Answer {
        var request = ClientRequest(method: .POST, url: URI(string: url), headers: accepting(headers), body: nil, timeout: timeout)
        do {
            try request.content.encode(fields, as: .urlEncodedForm)
        } catch {
            throw ProviderSignInFailure.providerAnswer(call: call, detail: "form")
        }
        return try await send(request, call: call)
    }

    private func accepting(_ headers: HTTPHeaders) -> HTTPHeaders {
        var headers = headers
        headers.replaceOrAdd(name: .accept, value: "application/json")
        return headers
    }

    private func send<Answer: Decodable>(_ request: ClientRequest, call: String) async throws -> Answer {
        let response: ClientResponse
        do {
            response = try await client.send(request)
        } catch {
            logger.notice("Sign-in provider call failed", metadata: ["call": .string(call), "error": .string(String(describing: error))])
            throw ProviderSignInFailure.providerUnreachable(call: call)
        }
        guard let body = response.body, body.readableBytes <= Self.maximumAnswerBytes else {
            throw ProviderSignInFailure.providerAnswer(call: call, detail: "status \(response.status.code), \(response.body == nil ? "no" : "too large a") body")
        }
        guard (200..<300).contains(response.status.code) else {
            // OAuth errors carry a short `error` code, safe to log; never log the whole body.
            let code = (try? JSONDecoder().decode(OAuthErrorAnswer.self, from: body))?.error ?? "-"
            throw ProviderSignInFailure.providerAnswer(call: call, detail: "status \(response.status.code), error \(code.prefix(60))")
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: body)
        } catch {
            throw ProviderSignInFailure.providerAnswer(call: call, detail: "unexpected JSON")
        }
    }

    private struct OAuthErrorAnswer: Decodable {
        let error: String?
    }
}
