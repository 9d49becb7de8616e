import Foundation

extension ImageInspector {
    /// The one piece of EXIF worth keeping: the orientation a phone records instead of rotating the
    /// pixels, without which portrait photos show sideways. Everything else in EXIF is dropped.
    enum EXIFOrientation {
        private static let header = Array("Exif\0\0".utf8)
        private static let orientationTag = 0x0112

        /// The orientation (2–8) in IFD0 of an APP1 EXIF payload, or nil when it is absent,
        /// normal (1), or anything about it is out of bounds or out of range.
        static func value(inAPP1 payload: [UInt8]) -> Int? {
            guard payload.starts(with: header) else { return nil }
            let tiff = Array(payload.dropFirst(header.count))
            // TIFF 6.0 section 2: byte order "II" or "MM", 42, offset of IFD0; offsets count from here.
            guard tiff.count >= 8 else { return nil }
            let bigEndian: Bool
            switch (tiff[0], tiff[1]) {
            case (0x49, 0x49): bigEndian = false
            case (0x4D, 0x4D): bigEndian = true
            default: return nil
            }
            func u16(_ i: Int) -> Int { bigEndian ? Read.be16(tiff, i) : Read.le16(tiff, i) }
            func u32(_ i: Int) -> Int { bigEndian ? Read.be32(tiff, i) : Read.le32(tiff, i) }
            let ifd = u32(4)
            guard u16(2) == 42, ifd >= 8, ifd <= tiff.count - 2 else { return nil }
            // Each entry: tag, type, count, and a 4-byte value (left-justified when shorter).
            let entries = u16(ifd)
            guard entries <= (tiff.count - ifd - 2) / 12 else { return nil }
            for entry in stride(from: ifd + 2, to: ifd + 2 + 12 * entries, by: 12) where u16(entry) == orientationTag {
                let value = u16(entry + 8)
                // TIFF 6.0: Orientation is one SHORT (type 3).
                guard u16(entry + 2) == 3, u32(entry + 4) == 1, (2...8).contains(value) else { return nil }
                return value
            }
            return nil
        }

        /// A minimal APP1 payload: the EXIF header, a big-endian TIFF header, and an IFD0 holding only
        /// the orientation, with no next IFD (so no GPS, camera, maker notes or thumbnail).
        static func app1Payload(_ orientation: Int) -> [UInt8] {
            header + [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8]
                + [0, 1] + [0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, UInt8(orientation), 0, 0]
                + [0, 0, 0, 0]
        }
    }
}
