import Vapor

/// `/media/{hash}`: stored files, served to those who may see something that shows them (the
/// features say what, `MediaUses`); everyone's are cacheable forever, a name being the hash of its bytes.
struct MediaController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PlatformURL.media(.key).pathComponents, use: show)
    }

    func show(req: Request) async throws -> Response {
        let hash = req.parameters.get(PlatformURL.Key.media) ?? ""
        guard MediaStore.isHash(hash), let shownToEveryone = try await Self.audience(of: hash, for: req) else {
            throw Abort(.notFound)
        }
        // Shared caches keep only what everyone may see; anything else is the viewer's own copy,
        // checked again (a 304 costs no bytes) so a photo that stops being shown stops at once.
        let cacheControl = shownToEveryone ? Self.publicCacheControl : Self.privateCacheControl
        let etag = "\"\(hash)\""
        if req.headers.first(name: .ifNoneMatch) == etag {
            return Response(status: .notModified, headers: ["ETag": etag, "Cache-Control": cacheControl])
        }
        guard let file = try await MediaStore.find(hash, on: req.db) else { throw Abort(.notFound) }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: file.mediaType)
        headers.replaceOrAdd(name: .cacheControl, value: cacheControl)
        headers.replaceOrAdd(name: .eTag, value: etag)
        // An image never becomes a page, whatever a browser would guess.
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "Content-Disposition", value: "inline")
        return Response(status: .ok, headers: headers, body: .init(data: file.bytes))
    }

    /// `nil` when nothing that shows the file may be seen by this viewer (or nothing shows it):
    /// the same 404 as a file that never existed. Otherwise whether one of them is everyone's.
    static func audience(of hash: String, for req: Request) async throws -> Bool? {
        let policy = req.audiencePolicy
        var shown = false
        for lookup in req.application.mediaUses {
            for subject in try await lookup(hash, req.db) where try await policy.allows(req.principal, subject, on: req.db) {
                if subject.audience == .everyone && subject.ownerIsListable { return true }
                shown = true
            }
        }
        return shown ? false : nil
    }

    static let publicCacheControl = "public, max-age=31536000, immutable"
    static let privateCacheControl = "private, no-cache"
}
