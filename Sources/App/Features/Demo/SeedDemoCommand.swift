import Foundation
import Vapor

/// `opendiaspora seed-demo --members N [--seed S]`: fills the database with every feature's
/// demo data around N synthetic members (see `DemoSeeder`), showing progress with rate and time left.
struct SeedDemoCommand: AsyncCommand, Sendable {
    struct Signature: CommandSignature {
        @Option(name: "members", short: "n", help: "How many members to add (default 1000).")
        var members: Int?

        @Option(name: "seed", help: "Seed of the generator: the same seed gives the same members (default 1).")
        var seed: UInt64?

        init() {}
    }

    var help: String { "Fills the database with realistic synthetic members for demonstrations and benchmarks." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let count = signature.members ?? 1000
        guard count > 0, count <= 10_000_000 else { throw SeedDemoError("--members must be between 1 and 10000000") }
        let app = context.application
        try await app.autoMigrate()
        // A bulk load touches every index at once; this process may use far more page cache than a server.
        try await SQLitePragmas.apply(on: app, cacheKibibytes: 524_288)
        let progress = SeedProgress(total: count)
        try await DemoData(application: app, members: count, seed: signature.seed ?? 1) { progress.show($0) }.addAll()
        progress.finish()
    }
}

struct SeedDemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Progress on standard error: a bar with rate and time left on a terminal, a line per tenth otherwise.
final class SeedProgress: @unchecked Sendable {
    private let total: Int
    private let started = Date()
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastTenth = 0
    private var lastDraw = Date.distantPast

    init(total: Int) { self.total = total }

    func show(_ done: Int) {
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        if isTerminal {
            guard done == total || Date().timeIntervalSince(lastDraw) > 0.2 else { return }
            lastDraw = Date()
            let width = 30
            let filled = done * width / total
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            write("\r[\(bar)] \(done * 100 / total)% \(done)/\(total) · \(Int(rate))/s · \(Self.duration(left)) left ")
        } else {
            let tenth = done * 10 / total
            guard tenth > lastTenth else { return }
            lastTenth = tenth
            write("seeded \(done)/\(total) members · \(Int(rate))/s · \(Self.duration(left)) left\n")
        }
    }

    func finish() {
        let elapsed = Date().timeIntervalSince(started)
        write("\(isTerminal ? "\n" : "")done: \(total) members in \(Self.duration(elapsed)) (\(Int(Double(total) / max(elapsed, 0.001)))/s)\n")
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60)m\(String(format: "%02d", whole % 60))s" : "\(whole)s"
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
