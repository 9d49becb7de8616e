@testable import App
import Foundation
import NIOCore
import Testing
import Vapor
import VaporTesting

/// Drives a sign-in through a provider over HTTP, step by step as a browser would: start at the
/// site, authorize at the fake provider, come back to the site's callback.
struct ProviderSignInDriver {
    let app: Application
    let fake: FakeIdentityProvider

    /// `/auth/{provider}/start` — a link when signed out, the account page's form when signed in:
    /// the provider's authorization address it redirects to.
    func start(_ provider: String, as browser: inout Browser, query: String = "") async throws -> String {
        var jar = browser
        var location = ""
        let check: (TestingHTTPResponse) async throws -> Void = { res in
            #expect(res.status == .found)
            jar.remember(res)
            location = res.headers.first(name: .location) ?? ""
        }
        if jar.session == nil {
            try await app.testing().test(.GET, "/auth/\(provider)/start" + query, headers: jar.headers, afterResponse: check)
        } else {
            let token = try await visit(app, "/account", as: &jar)
            try await app.testing().test(.POST, "/auth/\(provider)/start", headers: jar.headers, beforeRequest: { req async throws in
                try req.content.encode(["csrf_token": token], as: .urlEncodedForm)
            }, afterResponse: check)
        }
        browser = jar
        return location
    }

    /// The provider's side, over real HTTP: the callback path (with code or error, and state) it sends the browser to.
    func authorize(_ url: String) async throws -> String {
        let response = try await app.client.get(URI(string: url))
        #expect(response.status == .found)
        let location = response.headers.first(name: .location) ?? ""
        let site = app.appConfiguration.publicURL.absoluteString
        #expect(location.hasPrefix(site))
        return String(location.dropFirst(site.count))
    }

    /// `GET` the callback at the site.
    @discardableResult
    func callback(_ path: String, as browser: inout Browser) async throws -> TestingHTTPResponse? {
        var jar = browser
        var captured: TestingHTTPResponse?
        try await app.testing().test(.GET, path, headers: jar.headers) { res async throws in
            jar.remember(res)
            captured = res
        }
        browser = jar
        return captured
    }

    /// The whole trip; the site's answer to the callback.
    @discardableResult
    func signIn(_ provider: String = "oidc", as browser: inout Browser) async throws -> TestingHTTPResponse? {
        let url = try await start(provider, as: &browser)
        return try await callback(try await authorize(url), as: &browser)
    }

    /// A newcomer's whole trip, confirmed on `/auth/confirm` with the provider's name and address.
    func join(_ provider: String = "oidc", as browser: inout Browser, extra: [String: String] = [:]) async throws -> TestingHTTPResponse? {
        let answer = try await signIn(provider, as: &browser)
        #expect(answer?.status == .seeOther)
        #expect(answer?.headers.first(name: .location) == "/auth/confirm")
        return try await confirm(as: &browser, fields: ["consent": "1"].merging(extra) { _, new in new })
    }

    /// Loads the confirmation page and posts it with the page's own values unless `fields` says otherwise.
    func confirm(as browser: inout Browser, fields: [String: String]) async throws -> TestingHTTPResponse? {
        var jar = browser
        var form: [String: String] = [:]
        var token = ""
        try await app.testing().test(.GET, "/auth/confirm", headers: jar.headers) { res async throws in
            #expect(res.status == .ok)
            jar.remember(res)
            token = csrfToken(in: res) ?? ""
            form["displayName"] = res.firstMatch(#"name="displayName" value="([^"]*)""#).map(htmlUnescaped)
            form["email"] = res.firstMatch(#"name="email" value="([^"]*)""#).map(htmlUnescaped)
        }
        let response = try await submit(app, "/auth/confirm", form.merging(fields) { _, new in new }, as: &jar, csrf: token)
        browser = jar
        return response
    }

    /// Site settings pointing every provider at the fake.
    static func withProvider<T>(timeout: TimeAmount = .seconds(10), _ test: (Application, FakeIdentityProvider) async throws -> T) async throws -> T {
        let fake = try await FakeIdentityProvider.start()
        do {
            let result = try await withApp(adjust: { $0.signInProviders = fake.settings(timeout: timeout) }) { app in
                fake.use(clock: app.clock)
                return try await test(app, fake)
            }
            await fake.stop()
            return result
        } catch {
            await fake.stop()
            throw error
        }
    }
}

func htmlUnescaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
        .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&amp;", with: "&")
}
