import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// An IP address or CIDR range, parsed once, so `TRUSTED_PROXIES` can name a proxy or a subnet.
public struct IPAddressRange: Sendable, Equatable {
    let network: [UInt8]
    let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let address = Self.bytes(of: parts[0]) else { return nil }
        let maximum = address.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maximum).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        network = address
    }

    public func contains(_ text: String) -> Bool {
        guard let address = Self.bytes(of: text), address.count == network.count else { return false }
        var remaining = prefixLength
        for index in 0..<address.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if address[index] & mask != network[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// 4 bytes for IPv4, 16 for IPv6 (an IPv4-mapped IPv6 address counts as IPv4).
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return Array(bytes[12...])
            }
            return bytes
        }
        return nil
    }
}

extension IPAddressRange {
    /// The part of an address that identifies one client for rate limits: the whole IPv4
    /// address, but an IPv6 /64, since one subscriber usually holds a whole /64.
    public static func rateLimitKey(for address: String) -> String {
        guard let bytes = bytes(of: address), bytes.count == 16 else { return address }
        return bytes[0..<8].map { String(format: "%02x", $0) }.joined() + "::/64"
    }
}

extension Request {
    /// The client's IP address for rate limits and logs: the socket's peer, unless that peer is a
    /// trusted proxy, in which case the nearest address in `X-Forwarded-For` that is not a trusted
    /// proxy (addresses further left can be forged by the client).
    var clientIP: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        let trusted = application.appConfiguration.trustedProxies
        guard !trusted.isEmpty, trusted.contains(where: { $0.contains(peer) }) else { return peer }
        let forwarded = headers[.xForwardedFor]
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for address in forwarded.reversed() {
            // Anything left of an entry we cannot read was written by someone we do not trust.
            guard IPAddressRange.bytes(of: address) != nil else { return peer }
            if !trusted.contains(where: { $0.contains(address) }) { return address }
        }
        return peer
    }
}
