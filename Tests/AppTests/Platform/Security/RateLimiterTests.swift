@testable import App
import Fluent
import NIOCore
import SQLKit
import Testing
import Vapor

@Suite("Rate limits and client addresses")
struct RateLimiterTests {
    @Test func theLimitHoldsPerKeyAndWindow() async throws {
        try await withApp { app async throws in
            let limiter = RateLimiter(database: app.db, clock: app.clock)
            let rule = RateLimitRule(name: "test", limit: 3, window: 60)
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            for _ in 1...3 { try await limiter.hit(rule, key: "1.2.3.4", now: start) }
            do {
                try await limiter.hit(rule, key: "1.2.3.4", now: start.addingTimeInterval(20))
                Issue.record("the fourth hit passed")
            } catch let limited as RateLimited {
                #expect(limited.retryAfter == 40)
                #expect(limited.headers.first(name: "Retry-After") == "40")
            }
            // Another key has its own counter; the next window starts afresh.
            try await limiter.hit(rule, key: "5.6.7.8", now: start)
            try await limiter.hit(rule, key: "1.2.3.4", now: start.addingTimeInterval(60))
            try await limiter.removeExpired(now: start.addingTimeInterval(121))
            #expect(try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM rate_limit_counters").first()?.decode(column: "n", as: Int.self) == 0)
        }
    }

    @Test func countersAreSharedByInstancesOnOneDatabase() async throws {
        // Two limiters on the same database stand for two instances behind a load balancer.
        try await withApp { app async throws in
            let rule = RateLimitRule(name: "shared", limit: 2, window: 300)
            let now = Date()
            try await RateLimiter(database: app.db, clock: app.clock).hit(rule, key: "k", now: now)
            try await RateLimiter(database: app.databases.database(logger: app.logger, on: app.eventLoopGroup.next())!, clock: app.clock).hit(rule, key: "k", now: now)
            await #expect(throws: RateLimited.self) { try await RateLimiter(database: app.db, clock: app.clock).hit(rule, key: "k", now: now) }
        }
    }

    @Test func rangesMatchAddresses() {
        #expect(IPAddressRange("10.0.0.0/8")!.contains("10.1.2.3"))
        #expect(!IPAddressRange("10.0.0.0/8")!.contains("11.1.2.3"))
        #expect(IPAddressRange("192.168.1.7")!.contains("192.168.1.7"))
        #expect(!IPAddressRange("192.168.1.7")!.contains("192.168.1.8"))
        #expect(IPAddressRange("fd00::/8")!.contains("fd12::1"))
        #expect(IPAddressRange("127.0.0.1")!.contains("::ffff:127.0.0.1"))
        #expect(IPAddressRange("nonsense") == nil)
        #expect(IPAddressRange("10.0.0.0/33") == nil)
    }

    @Test func forwardedAddressesAreBelievedOnlyFromTrustedProxies() async throws {
        try await withApp { app async throws in
            func client(peer: String, forwarded: String?) throws -> String {
                var headers = HTTPHeaders()
                if let forwarded { headers.add(name: .xForwardedFor, value: forwarded) }
                let request = Request(application: app, headers: headers, remoteAddress: try SocketAddress(ipAddress: peer, port: 1234), on: app.eventLoopGroup.next())
                return request.clientIP
            }
            #expect(try client(peer: "203.0.113.9", forwarded: "1.1.1.1") == "203.0.113.9")
            app.appConfiguration.trustedProxies = [IPAddressRange("10.0.0.0/8")!]
            #expect(try client(peer: "10.0.0.2", forwarded: "6.6.6.6, 198.51.100.7") == "198.51.100.7")
            #expect(try client(peer: "10.0.0.2", forwarded: "198.51.100.7, 10.0.0.5") == "198.51.100.7")
            #expect(try client(peer: "203.0.113.9", forwarded: "198.51.100.7") == "203.0.113.9")
            #expect(try client(peer: "10.0.0.2", forwarded: "garbage") == "10.0.0.2")
            // What stands left of an unreadable entry was written by someone untrusted.
            #expect(try client(peer: "10.0.0.2", forwarded: "6.6.6.6, unknown") == "10.0.0.2")
        }
    }
}
