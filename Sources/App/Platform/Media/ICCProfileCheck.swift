import Foundation

extension ImageInspector {
    /// Decides whether embedded bytes are a small, well-formed ICC colour profile (ICC.1:2022), since
    /// a profile is passed on to every viewer and otherwise could carry anything.
    enum ICCProfile {
        /// Real display and camera profiles are a few kilobytes; larger ones are dropped.
        static let maximumByteCount = 64 * 1024
        private static let headerSize = 128
        private static let tagEntrySize = 12

        static func isWellFormed(_ profile: [UInt8]) -> Bool {
            // 7.2: the header's size field, then "acsp" at byte 36; 7.3: tag count, then 12-byte entries.
            guard profile.count >= headerSize + 4, profile.count <= maximumByteCount,
                  Read.be32(profile, 0) == profile.count, Read.ascii(profile, 36, 4) == "acsp" else { return false }
            let tagCount = Read.be32(profile, headerSize)
            guard tagCount >= 1, tagCount <= (profile.count - headerSize - 4) / tagEntrySize else { return false }
            let tableEnd = headerSize + 4 + tagCount * tagEntrySize
            for entry in stride(from: headerSize + 4, to: tableEnd, by: tagEntrySize) {
                // 7.3.1: signature, offset from the profile's start, size; the data follows the table.
                let offset = Read.be32(profile, entry + 4), size = Read.be32(profile, entry + 8)
                guard offset >= tableEnd, size <= profile.count - offset else { return false }
            }
            return true
        }
    }
}
