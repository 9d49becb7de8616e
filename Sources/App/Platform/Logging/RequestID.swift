import Vapor

/// The id that ties a request to its log lines and to the reference on an error page. A client
/// (a proxy, a load balancer) may send its own in `X-Request-Id`; it is kept only when it is short
/// and of safe characters, so it can neither forge log fields nor flood a line.
enum RequestID {
    static let maximumLength = 64

    static func isAcceptable(_ candidate: String) -> Bool {
        (1...maximumLength).contains(candidate.utf8.count) && candidate.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"): true
            default: false
            }
        }
    }
}

extension Request {
    private struct RequestIDKey: StorageKey { typealias Value = String }

    /// The request's id as the site uses it: the client's `X-Request-Id` when acceptable, else one
    /// of the server's own (Vapor's `id` echoes any header value).
    var requestID: String {
        get { storage[RequestIDKey.self] ?? (RequestID.isAcceptable(id) ? id : "") }
        set { storage[RequestIDKey.self] = newValue }
    }
}
