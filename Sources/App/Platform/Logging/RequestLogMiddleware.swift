import Vapor

/// One log line per request with its id, method, path, status and duration, and the id echoed in
/// `X-Request-Id` so a member's report can be matched to the server's log. With `SERVER_TIMING=1`
/// the duration is also sent as `Server-Timing: app;dur=…` (W3C Server Timing), which the
/// benchmarks read — never on routes registered `withoutServerTiming()` (sign-in, joining,
/// recovery, account settings), where a time could tell whether an address has an account.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let id = RequestID.isAcceptable(request.id) ? request.id : UUID().uuidString
        request.requestID = id
        request.logger[metadataKey: "request-id"] = .string(id)
        let response = try await next.respond(to: request)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        request.logger.info("request", metadata: [
            "method": "\(request.method.rawValue)",
            "path": "\(request.url.path)",
            "status": "\(response.status.code)",
            "duration_ms": "\(String(format: "%.1f", milliseconds))",
        ])
        response.headers.replaceOrAdd(name: .xRequestId, value: id)
        if request.application.appConfiguration.sendsServerTiming, request.route?.hidesServerTiming != true {
            response.headers.replaceOrAdd(name: "Server-Timing", value: "app;dur=\(String(format: "%.2f", milliseconds))")
        }
        return response
    }
}
