import Vapor

/// The provider's picture of a newcomer, used as their profile photo when they ask for it:
/// fetched once, under the same deadline as the provider's other calls, and checked by content
/// and size exactly like an upload.
enum ProviderPhoto {
    /// Picture addresses often redirect to a CDN; a few hops are followed, no more.
    static let maximumRedirects = 3

    /// False when the picture could not be fetched or is not a photo we accept (the account is
    /// made all the same; the member can upload one later).
    static func adopt(_ url: String, from provider: SignInProvider, for principal: Principal, on req: Request) async -> Bool {
        guard let bytes = await fetch(url, providerHosts: providerHosts(of: provider), on: req) else { return false }
        do {
            _ = try await req.profiles.setPhoto(bytes, for: principal)
            return true
        } catch {
            req.logger.notice("Provider photo not used", metadata: ["error": .string(String(describing: error))])
            return false
        }
    }

    /// The addresses the operator configured for a provider (issuer, or Facebook's dialog and Graph API).
    static func providerHosts(of provider: SignInProvider) -> [URL] {
        switch provider.kind {
        case .openIDConnect(let issuer, _): [issuer]
        case .facebook(let dialog, let graph): [dialog, graph]
        }
    }

    /// Where a picture may be fetched from: over https from a host that is not this machine or its
    /// network (the address comes from the provider's answer; the server must not be steered to
    /// internal services), or from the provider's own configured host.
    static func mayFetch(_ url: URL, providerHosts: [URL]) -> Bool {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty else { return false }
        if providerHosts.contains(where: { $0.host?.lowercased() == host && $0.scheme?.lowercased() == scheme && $0.port == url.port }) {
            return true
        }
        guard scheme == "https", host != "localhost", !host.hasSuffix(".localhost"), !host.hasSuffix(".internal") else { return false }
        let literal = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return !privateRanges.contains { $0.contains(literal) }
    }

    /// Loopback, private, link-local (cloud metadata), unique-local and unspecified addresses.
    private static let privateRanges: [IPAddressRange] = [
        "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10", "0.0.0.0/8",
        "::1/128", "fc00::/7", "fe80::/10", "::/128", "::ffff:0:0/96",
    ].compactMap(IPAddressRange.init)

    private static func fetch(_ url: String, providerHosts: [URL], on req: Request) async -> [UInt8]? {
        let timeout = req.application.appConfiguration.signInProviders.requestTimeout
        var next = URL(string: url)
        for _ in 0...maximumRedirects {
            guard let current = next, mayFetch(current, providerHosts: providerHosts) else { return nil }
            let response: ClientResponse
            do {
                response = try await req.client.send(ClientRequest(method: .GET, url: URI(string: current.absoluteString), headers: ["Accept": "image/*"], body: nil, timeout: timeout))
            } catch {
                req.logger.notice("Provider photo could not be fetched", metadata: ["error": .string(String(describing: error))])
                return nil
            }
            if [.movedPermanently, .found, .seeOther, .temporaryRedirect, .permanentRedirect].contains(response.status) {
                next = response.headers.first(name: .location).flatMap { URL(string: $0, relativeTo: current)?.absoluteURL }
                continue
            }
            guard response.status == .ok, let body = response.body, body.readableBytes <= ImageInspector.maximumByteCount else { return nil }
            return Array(body.readableBytesView)
        }
        return nil
    }
}
