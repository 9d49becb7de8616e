import Vapor

/// Serves `Public/` with cache headers: a year (immutable) for URLs carrying the content hash
/// the layout adds, an hour otherwise, with ETags for revalidation on slow connections.
struct StaticFilesMiddleware: AsyncMiddleware {
    static let versionedMaxAge = 31_536_000
    static let unversionedMaxAge = 3_600
    private let files: FileMiddleware

    init(publicDirectory: String) {
        self.files = FileMiddleware(publicDirectory: publicDirectory, defaultFile: nil, directoryAction: .none)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD, Self.couldBeFile(request.url.path) else {
            return try await next.respond(to: request)
        }
        let response = try await files.respond(to: request, chainingTo: next)
        // FileMiddleware answers with a file (200/206/304) or passes on; only files get cache headers
        // (routes that set their own, such as stored media, keep them).
        if response.headers.first(name: .cacheControl) == nil, response.headers.first(name: .eTag) != nil || response.status == .notModified {
            let versioned = request.url.query?.hasPrefix("v=") ?? false
            response.headers.replaceOrAdd(
                name: .cacheControl,
                value: versioned ? "public, max-age=\(Self.versionedMaxAge), immutable" : "public, max-age=\(Self.unversionedMaxAge)"
            )
        }
        return response
    }

    /// Paths the file system would refuse (a name over 255 bytes fails with ENAMETOOLONG, which
    /// FileMiddleware reports as a server error) are not files: they go on to the router's 404.
    static func couldBeFile(_ path: String) -> Bool {
        path.utf8.count <= 1024 && path.split(separator: "/").allSatisfy { $0.utf8.count <= 255 }
    }
}
