import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Pages every visitor gets alike (nobody signed in, no message waiting) kept for a few seconds,
/// so a burst of visitors following a shared link costs one rendering per address and language
/// instead of one each. Members always get a fresh page. Each server process keeps its own.
final class PageCache: Sendable {
    /// How old a visitor's page may be, in seconds of the application's clock.
    let lifetime: TimeInterval
    /// Pages kept at most; beyond, expired ones go, and if none has expired, all of them.
    static let capacity = 500

    private struct Entry: Sendable {
        let body: ByteBuffer
        let contentType: String
        let expires: Date
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    init(lifetime: TimeInterval = 5) {
        self.lifetime = lifetime
    }

    /// The key under which `request`'s page may be shared, or nil when it must be rendered for it.
    private static func key(for request: Request) -> String? {
        guard request.method == .GET, request.principal == nil, Flash.pending(on: request) == nil else { return nil }
        return "\(request.appLocale.rawValue) \(request.url.string)"
    }

    /// The kept page for `request`, or the one `render` makes (kept when it may be shared).
    func page(for request: Request, render: () async throws -> Response) async throws -> Response {
        guard let key = Self.key(for: request) else { return try await render() }
        let now = request.application.clock.now
        if let entry = entries.withLockedValue({ $0[key] }), entry.expires > now {
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: entry.contentType)
            return Response(status: .ok, headers: headers, body: .init(buffer: entry.body))
        }
        let response = try await render()
        if response.status == .ok, let body = response.body.buffer, let type = response.headers.first(name: .contentType) {
            let entry = Entry(body: body, contentType: type, expires: now.addingTimeInterval(lifetime))
            entries.withLockedValue { entries in
                if entries.count >= Self.capacity {
                    entries = entries.filter { $0.value.expires > now }
                    if entries.count >= Self.capacity { entries.removeAll() }
                }
                entries[key] = entry
            }
        }
        return response
    }
}

extension Application {
    private struct PageCacheKey: StorageKey { typealias Value = PageCache }

    var pageCache: PageCache {
        // configure() sets it; without it, every page is rendered afresh.
        get { storage[PageCacheKey.self] ?? PageCache() }
        set { storage[PageCacheKey.self] = newValue }
    }
}
