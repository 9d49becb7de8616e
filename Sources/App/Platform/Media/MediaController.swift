import Vapor

/// `/media/{hash}`: stored files, cacheable forever because a name is the hash of its bytes.
struct MediaController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("media", ":hash", use: show)
    }

    func show(req: Request) async throws -> Response {
        let hash = req.parameters.get("hash") ?? ""
        guard let file = try await MediaStore.find(hash, on: req.db) else { throw Abort(.notFound) }
        let etag = "\"\(hash)\""
        if req.headers.first(name: .ifNoneMatch) == etag {
            return Response(status: .notModified, headers: ["ETag": etag, "Cache-Control": Self.cacheControl])
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: file.mediaType)
        headers.replaceOrAdd(name: .cacheControl, value: Self.cacheControl)
        headers.replaceOrAdd(name: .eTag, value: etag)
        // An image never becomes a page, whatever a browser would guess.
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "Content-Disposition", value: "inline")
        return Response(status: .ok, headers: headers, body: .init(data: file.bytes))
    }

    static let cacheControl = "public, max-age=31536000, immutable"
}
