import Vapor

/// The provider's picture of a newcomer, used as their profile photo when they ask for it:
/// fetched once, under the same deadline as the provider's other calls, and checked by content
/// and size exactly like an upload.
enum ProviderPhoto {
    /// Picture addresses often redirect to a CDN; a few hops are followed, no more.
    static let maximumRedirects = 3

    /// False when the picture could not be fetched or is not a photo we accept (the account is
    /// made all the same; the member can upload one later).
    static func adopt(_ url: String, for principal: Principal, on req: Request) async throws -> Bool {
        guard let bytes = await fetch(url, on: req) else { return false }
        do {
            _ = try await ProfileService(request: req).setPhoto(bytes, for: principal)
            return true
        } catch is PhotoRejection {
            return false
        }
    }

    private static func fetch(_ url: String, on req: Request) async -> [UInt8]? {
        let timeout = req.application.appConfiguration.signInProviders.requestTimeout
        var next = url
        for _ in 0...maximumRedirects {
            guard let parsed = URL(string: next), ["https", "http"].contains(parsed.scheme ?? ""), parsed.host != nil else { return nil }
            let response: ClientResponse
            do {
                response = try await req.client.send(ClientRequest(method: .GET, url: URI(string: next), headers: ["Accept": "image/*"], body: nil, timeout: timeout))
            } catch {
                req.logger.notice("Provider photo could not be fetched", metadata: ["error": .string(String(describing: error))])
                return nil
            }
            if [.movedPermanently, .found, .seeOther, .temporaryRedirect, .permanentRedirect].contains(response.status),
               let location = response.headers.first(name: .location) {
                next = URL(string: location, relativeTo: parsed)?.absoluteString ?? ""
                continue
            }
            guard response.status == .ok, let body = response.body, body.readableBytes <= ImageInspector.maximumByteCount else { return nil }
            return Array(body.readableBytesView)
        }
        return nil
    }
}
