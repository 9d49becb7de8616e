@testable import App
import Leaf
import LeafKit
import NIOConcurrencyHelpers
import NIOCore
import Testing
import Vapor

/// Templates are read from disk once, whatever Vapor's environment: its own Leaf provider turned
/// the cache off in `development`, the environment `serve` ran in by default.
@Suite struct TemplateCacheTests {
    /// Counts the template files Leaf asks for.
    final class CountingSource: LeafSource, @unchecked Sendable {
        let base: any LeafSource
        let reads = NIOLockedValueBox(0)
        init(base: any LeafSource) { self.base = base }

        func file(template: String, escape: Bool, on eventLoop: any EventLoop) throws -> EventLoopFuture<ByteBuffer> {
            reads.withLockedValue { $0 += 1 }
            return try base.file(template: template, escape: escape, on: eventLoop)
        }
    }

    func renderTwice(environment: Environment, reloading: Bool) async throws -> (first: Int, second: Int) {
        try await withApp(environment: environment, adjust: { $0.reloadTemplates = reloading }) { app in
            let files = NIOLeafFiles(fileio: app.fileio, limits: .default,
                                     sandboxDirectory: app.leaf.configuration.rootDirectory, viewDirectory: app.leaf.configuration.rootDirectory)
            let counting = CountingSource(base: files)
            let sources = LeafSources()
            try sources.register(source: "counting", using: counting, searchable: true)
            app.leaf.sources = sources
            try await app.testing().test(.GET, "/login") { #expect($0.status == .ok) }
            let first = counting.reads.withLockedValue { $0 }
            try await app.testing().test(.GET, "/login") { #expect($0.status == .ok) }
            return (first, counting.reads.withLockedValue { $0 } - first)
        }
    }

    @Test func aSecondRenderReadsNoFileInDevelopment() async throws {
        let reads = try await renderTwice(environment: .development, reloading: false)
        #expect(reads.first > 0)
        #expect(reads.second == 0)
    }

    @Test func aSecondRenderReadsNoFileInProduction() async throws {
        let reads = try await renderTwice(environment: .production, reloading: false)
        #expect(reads.first > 0)
        #expect(reads.second == 0)
    }

    @Test func reloadingReadsTheTemplatesAgain() async throws {
        let reads = try await renderTwice(environment: .production, reloading: true)
        #expect(reads.second == reads.first)
    }
}
