import Foundation

extension ImageInspector.JPEG {
    /// Gathers the APP2 segments of an ICC profile, which is split across up to 255 of them (ICC.1:2022
    /// B.4), to keep them only when together they are one whole, well-formed, small profile.
    struct ICCSegments {
        static let identifier = Array("ICC_PROFILE\0".utf8)

        private var payloads: [[UInt8]] = []
        private var profile: [UInt8] = []
        private var broken = false

        /// Adds the next segment: its sequence number (from 1) and the segment count follow the identifier.
        mutating func add(_ payload: [UInt8]) {
            guard !broken else { return }
            let prefix = Self.identifier.count
            guard payload.count >= prefix + 2 else { return discard() }
            let number = Int(payload[prefix]), count = Int(payload[prefix + 1])
            // In order, each once, all agreeing on the count; never gathering more than a kept profile can be.
            guard number == payloads.count + 1, number <= count, payloads.first.map({ Int($0[prefix + 1]) == count }) ?? true,
                  payload.count - prefix - 2 <= ImageInspector.ICCProfile.maximumByteCount - profile.count else {
                return discard()
            }
            profile += payload[(prefix + 2)...]
            payloads.append(payload)
        }

        /// The segments' payloads to keep, as they came, or none.
        var kept: [[UInt8]] {
            guard !broken, let first = payloads.first, payloads.count == Int(first[Self.identifier.count + 1]),
                  ImageInspector.ICCProfile.isWellFormed(profile) else { return [] }
            return payloads
        }

        private mutating func discard() {
            (payloads, profile, broken) = ([], [], true)
        }
    }
}
