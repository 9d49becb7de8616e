@testable import App
import Testing
import Vapor

@Suite("Static files")
struct StaticFilesTests {
    @Test func versionedAssetsAreCachedForAYear() async throws {
        try await withApp { app async throws in
            let url = app.assetVersions.url(for: "css/site.css")
            #expect(url.contains("?v="))
            try await app.testing().test(.GET, url) { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.subType == "css")
                #expect(res.headers.first(name: .cacheControl) == "public, max-age=31536000, immutable")
                #expect(res.headers.first(name: .eTag) != nil)
            }
        }
    }

    @Test func unversionedFilesAreCachedBriefly() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/robots.txt") { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .cacheControl) == "public, max-age=3600")
            }
        }
    }

    @Test func pagesAreNotCachedAsFiles() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/") { res async throws in
                #expect(res.headers.first(name: .cacheControl) == nil)
            }
        }
    }

    @Test(arguments: [String(repeating: "a", count: 300), String(repeating: "b/", count: 600), "css/" + String(repeating: "é", count: 200)])
    func pathsTooLongForAFileAreNotFoundNotAnError(path: String) async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/" + path) { res async throws in
                #expect(res.status == .notFound)
            }
        }
    }

    @Test func pathsCannotEscapePublic() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/../Package.swift") { res async throws in
                #expect(res.status != .ok)
            }
        }
    }
}
