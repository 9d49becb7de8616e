import Foundation

// MARK: - JPEG (ITU-T T.81, JFIF)

extension ImageInspector {
    /// Keeps SOI, JFIF APP0 (without its thumbnail), a well-formed ICC profile (APP2), the standard
    /// Adobe APP14 (colour transform), tables, the frame, scans and EOI, and ends the file there:
    /// whatever follows the primary image (motion photo video, MPF images) goes. Drops every other
    /// APPn (EXIF, XMP, MPF, ...) and COM, but re-emits the EXIF orientation alone, so portrait
    /// photos stay upright without publishing where and with what they were taken.
    enum JPEG {
        private typealias Frame = (width: Int, height: Int, components: [UInt8])

        static func inspect(_ bytes: [UInt8]) throws(ImageRejection) -> InspectedImage {
            var output: [UInt8] = [0xFF, 0xD8]
            var offset = 2
            var frame: Frame?
            var sawScan = false
            var orientation: Int?
            // Where the orientation goes: after SOI, or after the JFIF APP0 when that comes first.
            var orientationAt = output.count
            var profile = ICCSegments(), profileAt: Int?
            while true {
                // B.1.1.2: a marker is 0xFF and a code, optionally preceded by more 0xFF fill bytes.
                guard offset < bytes.count, bytes[offset] == 0xFF else { throw .malformed }
                while offset < bytes.count, bytes[offset] == 0xFF { offset += 1 }
                guard offset < bytes.count else { throw .malformed }
                let marker = bytes[offset]
                offset += 1

                if marker == 0xD9 {
                    // The first EOI ends the primary image; trailers (motion photos, MPF images, vendor data) go.
                    guard let frame, sawScan else { throw .malformed }
                    output += [0xFF, 0xD9]
                    if let profileAt { output.insert(contentsOf: profile.kept.flatMap { segment(0xE2, $0) }, at: profileAt) }
                    if let orientation { output.insert(contentsOf: segment(0xE1, EXIFOrientation.app1Payload(orientation)), at: orientationAt) }
                    return InspectedImage(format: .jpeg, width: frame.width, height: frame.height, bytes: output)
                }

                guard bytes.count - offset >= 2 else { throw .malformed }
                let length = Read.be16(bytes, offset)
                guard length >= 2, length <= bytes.count - offset else { throw .malformed }
                let end = offset + length
                let payload = Array(bytes[(offset + 2)..<end])
                var kept: [UInt8]? = payload
                switch marker {
                case 0xC0...0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                    guard frame == nil, !sawScan else { throw .malformed }
                    frame = try parseFrame(payload)
                case 0xC4:
                    try checkHuffmanTables(payload)
                case 0xDB:
                    try checkQuantisationTables(payload)
                case 0xDD:
                    guard payload.count == 2 else { throw .malformed }
                case 0xCC:
                    try checkArithmeticConditioning(payload)
                case 0xDA:
                    guard let frame else { throw .malformed }
                    try checkScanHeader(payload, components: frame.components)
                    let dataEnd = try entropyCodedDataEnd(bytes, from: end)
                    output += [0xFF, 0xDA]
                    output += bytes[offset..<dataEnd]
                    offset = dataEnd
                    sawScan = true
                    continue
                case 0xE0:
                    kept = try jfifWithoutThumbnail(payload)
                    if let kept, output.count == 2, profileAt == nil { orientationAt = 2 + 4 + kept.count }
                case 0xE1:
                    if orientation == nil { orientation = EXIFOrientation.value(inAPP1: payload) }
                    kept = nil
                case 0xE2:
                    // Gathered and put back where the first segment was, once the whole profile is known.
                    if payload.starts(with: ICCSegments.identifier) {
                        profileAt = profileAt ?? output.count
                        profile.add(payload)
                    }
                    kept = nil
                case 0xEE:
                    // Adobe TN 5116: "Adobe", version, flags0, flags1, transform; nothing else.
                    kept = payload.count == 12 && payload.starts(with: Array("Adobe".utf8)) ? payload : nil
                case 0xE3...0xEF, 0xFE:
                    kept = nil
                default:
                    // SOI, TEM, RSTn outside a scan, DNL (unsupported), hierarchical and reserved codes.
                    throw .malformed
                }
                if let kept { output += segment(marker, kept) }
                offset = end
            }
        }

        private static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
            [0xFF, marker, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
        }

        /// B.2.4.3: each entry is class/destination, then a DC bound pair (L ≤ U) or an AC Kx of 1–63.
        private static func checkArithmeticConditioning(_ p: [UInt8]) throws(ImageRejection) {
            guard !p.isEmpty, p.count % 2 == 0, p.count <= 16 else { throw .malformed }
            for k in stride(from: 0, to: p.count, by: 2) {
                let tableClass = p[k] >> 4, destination = p[k] & 0x0F, value = p[k + 1]
                let valid = tableClass == 0 ? value & 0x0F <= value >> 4 : tableClass == 1 && (1...63).contains(value)
                guard destination <= 3, valid else { throw .malformed }
            }
        }

        /// B.2.2: precision, height, width, then 3 bytes per component.
        private static func parseFrame(_ p: [UInt8]) throws(ImageRejection) -> Frame {
            guard p.count >= 6, (2...16).contains(p[0]) else { throw .malformed }
            let count = Int(p[5])
            guard (1...4).contains(count), p.count == 6 + 3 * count else { throw .malformed }
            var components: [UInt8] = []
            for k in 0..<count {
                let id = p[6 + 3 * k], sampling = p[7 + 3 * k], table = p[8 + 3 * k]
                guard !components.contains(id), (1...4).contains(sampling >> 4), (1...4).contains(sampling & 0x0F),
                      table <= 3 else { throw .malformed }
                components.append(id)
            }
            // A height of 0 would defer it to a DNL marker, which is not supported.
            let height = Read.be16(p, 1), width = Read.be16(p, 3)
            try checkDimensions(width: width, height: height)
            return (width, height, components)
        }

        /// B.2.3: component count, 2 bytes per component, then Ss, Se, Ah/Al.
        private static func checkScanHeader(_ p: [UInt8], components: [UInt8]) throws(ImageRejection) {
            guard let count = p.first.map(Int.init), (1...4).contains(count), p.count == 4 + 2 * count else {
                throw .malformed
            }
            for k in 0..<count {
                let id = p[1 + 2 * k], tables = p[2 + 2 * k]
                guard components.contains(id), tables >> 4 <= 3, tables & 0x0F <= 3 else { throw .malformed }
            }
        }

        /// B.2.4.2: each table is class/id, 16 code counts, then that many values.
        private static func checkHuffmanTables(_ p: [UInt8]) throws(ImageRejection) {
            guard !p.isEmpty else { throw .malformed }
            var i = 0
            while i < p.count {
                guard p.count - i >= 17, p[i] >> 4 <= 1, p[i] & 0x0F <= 3 else { throw .malformed }
                let values = p[(i + 1)...(i + 16)].reduce(0) { $0 + Int($1) }
                guard values <= 256, values <= p.count - i - 17 else { throw .malformed }
                i += 17 + values
            }
        }

        /// B.2.4.1: each table is precision/id, then 64 bytes (8-bit) or 128 bytes (16-bit).
        private static func checkQuantisationTables(_ p: [UInt8]) throws(ImageRejection) {
            guard !p.isEmpty else { throw .malformed }
            var i = 0
            while i < p.count {
                guard p[i] >> 4 <= 1, p[i] & 0x0F <= 3 else { throw .malformed }
                let size = 64 * (Int(p[i] >> 4) + 1)
                guard p.count - i - 1 >= size else { throw .malformed }
                i += 1 + size
            }
        }

        /// JFIF 1.02: "JFIF\0", version, units, densities, thumbnail size, thumbnail pixels.
        /// The thumbnail may show the uncropped original, so it goes; other APP0 kinds are dropped.
        private static func jfifWithoutThumbnail(_ p: [UInt8]) throws(ImageRejection) -> [UInt8]? {
            guard p.starts(with: Array("JFIF\0".utf8)) else { return nil }
            guard p.count >= 14, p.count >= 14 + 3 * Int(p[12]) * Int(p[13]) else { throw .malformed }
            return p[0..<12] + [0, 0]
        }

        /// Where the entropy-coded data that starts at `start` ends: at the first marker that is
        /// neither a stuffed byte (FF00) nor a restart marker (FFD0–FFD7). Runs of FF are fill bytes.
        private static func entropyCodedDataEnd(_ bytes: [UInt8], from start: Int) throws(ImageRejection) -> Int {
            var i = start
            while i < bytes.count {
                guard bytes[i] == 0xFF else {
                    i += 1
                    continue
                }
                var next = i + 1
                while next < bytes.count, bytes[next] == 0xFF { next += 1 }
                guard next < bytes.count else { break }
                if bytes[next] == 0x00 || (0xD0...0xD7).contains(bytes[next]) {
                    i = next + 1
                } else {
                    return i
                }
            }
            throw .malformed  // the scan runs off the end: truncated
        }
    }
}
