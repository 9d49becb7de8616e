import Foundation

/// The image types accepted for uploads, named by what their bytes are, never by file name.
public enum ImageFormat: String, Sendable, Codable {
    case jpeg, png, webp

    public var mediaType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        }
    }
}

/// An upload that passed inspection: its real type and size, and bytes safe to store and serve.
public struct InspectedImage: Sendable, Equatable {
    public let format: ImageFormat
    public let width: Int
    public let height: Int
    /// The image re-emitted without metadata.
    public let bytes: [UInt8]
}

/// Why an upload was refused, precise enough for a helpful message.
public enum ImageRejection: Error, Equatable, Sendable {
    case empty
    /// More than `ImageInspector.maximumByteCount` bytes.
    case tooLarge
    /// Not JPEG, PNG or WebP (a script, HTML, SVG, GIF, ...).
    case unsupportedType
    /// Broken, truncated, lying about lengths or sizes, or followed by junk.
    case malformed
    /// Width or height above `ImageInspector.maximumDimension`.
    case dimensionsTooLarge
    /// Width or height of zero.
    case noDimensions
}

/// Decides what an uploaded image is from its bytes alone and re-emits it without metadata,
/// so a profile photo can carry neither a hidden payload nor its owner's location.
///
/// Pixels are never decoded; the container is parsed completely instead, and whatever cannot be
/// parsed is refused rather than passed through.
public enum ImageInspector {
    public static let maximumByteCount = 5 * 1024 * 1024
    public static let maximumDimension = 4096

    public static func inspect(_ bytes: [UInt8]) throws(ImageRejection) -> InspectedImage {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= maximumByteCount else { throw .tooLarge }
        if bytes.starts(with: PNG.signature) { return try PNG.inspect(bytes) }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return try JPEG.inspect(bytes) }
        if bytes.count >= 12, Read.ascii(bytes, 0, 4) == "RIFF", Read.ascii(bytes, 8, 4) == "WEBP" {
            return try WebP.inspect(bytes)
        }
        throw .unsupportedType
    }

    private static func checkDimensions(width: Int, height: Int) throws(ImageRejection) {
        guard width > 0, height > 0 else { throw .noDimensions }
        guard width <= maximumDimension, height <= maximumDimension else { throw .dimensionsTooLarge }
    }
}

// MARK: - PNG (ISO/IEC 15948, W3C PNG specification)

extension ImageInspector {
    private enum PNG {
        static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        /// Ancillary chunks that change how the pixels look; every other ancillary chunk is metadata.
        static let keptAncillary: Set<String> = ["tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs"]

        private enum ImageData { case notYet, running, finished }

        static func inspect(_ bytes: [UInt8]) throws(ImageRejection) -> InspectedImage {
            var output = signature
            var offset = signature.count
            var header: (width: Int, height: Int, colourType: UInt8)?
            var sawPalette = false
            var imageData = ImageData.notYet
            while offset < bytes.count {
                // length (4) + type (4) + data + CRC (4); lengths are at most 2^31-1 (spec 5.3).
                guard bytes.count - offset >= 12 else { throw .malformed }
                let length = Read.be32(bytes, offset)
                guard length <= 0x7FFF_FFFF, length <= bytes.count - offset - 12 else { throw .malformed }
                let typeBytes = bytes[(offset + 4)..<(offset + 8)]
                guard typeBytes.allSatisfy(Read.isASCIILetter) else { throw .malformed }
                let type = String(decoding: typeBytes, as: UTF8.self)
                let dataStart = offset + 8, dataEnd = dataStart + length, end = dataEnd + 4
                guard CRC32.checksum(bytes[(offset + 4)..<dataEnd]) == UInt32(Read.be32(bytes, dataEnd)) else {
                    throw .malformed
                }
                let chunk = bytes[offset..<end]
                offset = end

                guard let image = header else {
                    guard type == "IHDR", length == 13 else { throw .malformed }
                    header = try parseHeader(Array(bytes[dataStart..<dataEnd]))
                    output += chunk
                    continue
                }
                switch type {
                case "IHDR":
                    throw .malformed
                case "PLTE":
                    // Forbidden for grey images; 1 to 256 RGB entries, before the image data.
                    guard !sawPalette, imageData == .notYet, image.colourType != 0, image.colourType != 4,
                          length % 3 == 0, (3...768).contains(length) else { throw .malformed }
                    sawPalette = true
                    output += chunk
                case "IDAT":
                    // IDAT chunks must be consecutive; palette images need PLTE first.
                    guard imageData != .finished, image.colourType != 3 || sawPalette else { throw .malformed }
                    imageData = .running
                    output += chunk
                case "IEND":
                    guard length == 0, imageData != .notYet, offset == bytes.count else { throw .malformed }
                    output += chunk
                    return InspectedImage(format: .png, width: image.width, height: image.height, bytes: output)
                default:
                    // An unknown critical chunk (upper-case first letter) cannot be understood, so refuse it.
                    guard typeBytes.first.map(Read.isLowercase) == true else { throw .malformed }
                    if imageData == .running { imageData = .finished }
                    if keptAncillary.contains(type) {
                        // All the kept ones must precede the image data.
                        guard imageData == .notYet else { throw .malformed }
                        output += chunk
                    }
                }
            }
            throw .malformed  // no IEND: truncated
        }

        private static func parseHeader(_ data: [UInt8]) throws(ImageRejection) -> (width: Int, height: Int, colourType: UInt8) {
            let width = Read.be32(data, 0), height = Read.be32(data, 4)
            let bitDepth = data[8], colourType = data[9]
            let allowedDepths: Set<UInt8> = switch colourType {
            case 0: [1, 2, 4, 8, 16]
            case 3: [1, 2, 4, 8]
            case 2, 4, 6: [8, 16]
            default: []
            }
            // compression 0, filter 0, interlace none or Adam7 (spec 11.2.2).
            guard allowedDepths.contains(bitDepth), data[10] == 0, data[11] == 0, data[12] <= 1,
                  width <= 0x7FFF_FFFF, height <= 0x7FFF_FFFF else { throw .malformed }
            try checkDimensions(width: width, height: height)
            return (width, height, colourType)
        }
    }

    /// CRC-32 as PNG defines it (ISO 3309, polynomial 0xEDB88320 reflected).
    private enum CRC32 {
        static let table: [UInt32] = (0..<256).map { n in
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            return c
        }

        static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
            let table = Self.table
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
            return crc ^ 0xFFFF_FFFF
        }
    }
}

// MARK: - JPEG (ITU-T T.81, JFIF)

extension ImageInspector {
    /// Keeps SOI, JFIF APP0 (without its thumbnail), ICC profiles (APP2), Adobe APP14 (colour
    /// transform), tables, the frame, scans and EOI. Drops every other APPn (EXIF, XMP, MPF, ...)
    /// and COM. Dropping EXIF also loses the orientation tag, so a photo taken rotated may show
    /// rotated: an accepted price for not publishing where and with what it was taken.
    private enum JPEG {
        private typealias Frame = (width: Int, height: Int, components: [UInt8])

        static func inspect(_ bytes: [UInt8]) throws(ImageRejection) -> InspectedImage {
            var output: [UInt8] = [0xFF, 0xD8]
            var offset = 2
            var frame: Frame?
            var sawScan = false
            while true {
                // B.1.1.2: a marker is 0xFF and a code, optionally preceded by more 0xFF fill bytes.
                guard offset < bytes.count, bytes[offset] == 0xFF else { throw .malformed }
                while offset < bytes.count, bytes[offset] == 0xFF { offset += 1 }
                guard offset < bytes.count else { throw .malformed }
                let marker = bytes[offset]
                offset += 1

                if marker == 0xD9 {
                    // Nothing may follow EOI: trailers (motion photos, MPF images, vendor data) are refused.
                    guard let frame, sawScan, offset == bytes.count else { throw .malformed }
                    output += [0xFF, 0xD9]
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
                    guard !payload.isEmpty, payload.count % 2 == 0 else { throw .malformed }
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
                case 0xE2:
                    kept = payload.starts(with: Array("ICC_PROFILE\0".utf8)) ? payload : nil
                case 0xEE:
                    kept = payload.starts(with: Array("Adobe".utf8)) ? payload : nil
                case 0xE1...0xEF, 0xFE:
                    kept = nil
                default:
                    // SOI, TEM, RSTn outside a scan, DNL (unsupported), hierarchical and reserved codes.
                    throw .malformed
                }
                if let kept {
                    output += [0xFF, marker, UInt8((kept.count + 2) >> 8), UInt8((kept.count + 2) & 0xFF)] + kept
                }
                offset = end
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

// MARK: - WebP (RFC 9649)

extension ImageInspector {
    /// Keeps VP8X (EXIF and XMP flags cleared), ICCP, ALPH and the one VP8/VP8L image chunk; drops
    /// EXIF, XMP and unknown chunks. Animations are refused: a profile photo is a still image.
    private enum WebP {
        private typealias Chunk = (fourCC: String, data: Range<Int>)

        static func inspect(_ bytes: [UInt8]) throws(ImageRejection) -> InspectedImage {
            guard Read.le32(bytes, 4) == bytes.count - 8 else { throw .malformed }
            var chunks: [Chunk] = []
            var offset = 12
            while offset < bytes.count {
                // FourCC, LE32 size, data, and a padding byte when the size is odd.
                guard bytes.count - offset >= 8 else { throw .malformed }
                let size = Read.le32(bytes, offset + 4)
                guard size + (size & 1) <= bytes.count - offset - 8 else { throw .malformed }
                chunks.append((Read.ascii(bytes, offset, 4), (offset + 8)..<(offset + 8 + size)))
                offset += 8 + size + (size & 1)
            }
            guard let first = chunks.first else { throw .malformed }
            switch first.fourCC {
            case "VP8 ", "VP8L":
                // The simple format holds the image chunk and nothing else.
                guard chunks.count == 1 else { throw .malformed }
                let (width, height) = try bitstreamDimensions(bytes, first)
                return InspectedImage(format: .webp, width: width, height: height, bytes: riff(bytes, chunks))
            case "VP8X":
                return try inspectExtended(bytes, chunks)
            default:
                throw .malformed
            }
        }

        /// VP8X: flags, 3 reserved bytes, canvas width-1 and height-1 as 24-bit little-endian.
        private static func inspectExtended(_ bytes: [UInt8], _ chunks: [Chunk]) throws(ImageRejection) -> InspectedImage {
            let header = chunks[0].data
            guard header.count == 10 else { throw .malformed }
            let flags = bytes[header.lowerBound]
            let iccFlag: UInt8 = 0x20, exifFlag: UInt8 = 0x08, xmpFlag: UInt8 = 0x04, animationFlag: UInt8 = 0x02
            guard flags & animationFlag == 0 else { throw .unsupportedType }
            let width = Read.le24(bytes, header.lowerBound + 4) + 1
            let height = Read.le24(bytes, header.lowerBound + 7) + 1
            try checkDimensions(width: width, height: height)

            var kept = [chunks[0]]
            var sawProfile = false, sawAlpha = false
            var image: (width: Int, height: Int)?
            for chunk in chunks.dropFirst() {
                switch chunk.fourCC {
                case "ANIM", "ANMF":
                    throw .unsupportedType
                case "ICCP":
                    guard !sawProfile, !sawAlpha, image == nil else { throw .malformed }
                    sawProfile = true
                    kept.append(chunk)
                case "ALPH":
                    // Header byte: reserved (2 bits, 0), pre-processing (0–1), filtering, compression (0–1).
                    guard !sawAlpha, image == nil, let info = chunk.data.first.map({ bytes[$0] }),
                          info >> 6 == 0, (info >> 4) & 3 <= 1, info & 3 <= 1 else { throw .malformed }
                    sawAlpha = true
                    kept.append(chunk)
                case "VP8 ", "VP8L":
                    guard image == nil else { throw .malformed }
                    image = try bitstreamDimensions(bytes, chunk)
                    kept.append(chunk)
                case "VP8X":
                    throw .malformed
                default:
                    break  // EXIF, "XMP " and unknown chunks are dropped.
                }
            }
            guard let image, image.width == width, image.height == height,
                  sawProfile == (flags & iccFlag != 0) else { throw .malformed }
            var output = riff(bytes, kept)
            output[20] = flags & ~(exifFlag | xmpFlag)  // 12 (RIFF header) + 8 (VP8X chunk header)
            return InspectedImage(format: .webp, width: width, height: height, bytes: output)
        }

        private static func bitstreamDimensions(_ bytes: [UInt8], _ chunk: Chunk) throws(ImageRejection) -> (Int, Int) {
            let d = chunk.data.lowerBound
            let width: Int, height: Int
            if chunk.fourCC == "VP8 " {
                // RFC 6386 9.1: 3-byte frame tag (key frame bit 0, version 0–3, shown, first partition
                // size), start code 9D 01 2A, then 14-bit width and height (2 scale bits each).
                guard chunk.data.count >= 10 else { throw .malformed }
                let tag = Read.le24(bytes, d)
                guard tag & 1 == 0, (tag >> 1) & 7 <= 3, (tag >> 4) & 1 == 1, tag >> 5 <= chunk.data.count - 10,
                      bytes[d + 3] == 0x9D, bytes[d + 4] == 0x01, bytes[d + 5] == 0x2A else { throw .malformed }
                width = Read.le16(bytes, d + 6) & 0x3FFF
                height = Read.le16(bytes, d + 8) & 0x3FFF
            } else {
                // Lossless spec 3.2: signature 0x2F, 14-bit width-1, 14-bit height-1, alpha bit, version 0.
                guard chunk.data.count >= 5, bytes[d] == 0x2F else { throw .malformed }
                let bits = Read.le32(bytes, d + 1)
                guard bits >> 29 == 0 else { throw .malformed }
                width = (bits & 0x3FFF) + 1
                height = ((bits >> 14) & 0x3FFF) + 1
            }
            try checkDimensions(width: width, height: height)
            return (width, height)
        }

        /// A RIFF/WEBP file holding `chunks` copied from `bytes`, with its size and padding recomputed.
        private static func riff(_ bytes: [UInt8], _ chunks: [Chunk]) -> [UInt8] {
            var output = Array("RIFF\0\0\0\0WEBP".utf8)
            for chunk in chunks {
                output += bytes[(chunk.data.lowerBound - 8)..<chunk.data.upperBound]
                if chunk.data.count % 2 == 1 { output.append(0) }
            }
            let size = output.count - 8
            for k in 0..<4 { output[4 + k] = UInt8((size >> (8 * k)) & 0xFF) }
            return output
        }
    }
}

// MARK: - Byte reading

extension ImageInspector {
    /// Fixed-width reads; every caller has checked the bytes are there.
    private enum Read {
        static func be16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
        static func be32(_ b: [UInt8], _ i: Int) -> Int { be16(b, i) << 16 | be16(b, i + 2) }
        static func le16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        static func le24(_ b: [UInt8], _ i: Int) -> Int { le16(b, i) | Int(b[i + 2]) << 16 }
        static func le32(_ b: [UInt8], _ i: Int) -> Int { le16(b, i) | le16(b, i + 2) << 16 }
        static func ascii(_ b: [UInt8], _ i: Int, _ count: Int) -> String {
            String(decoding: b[i..<(i + count)], as: UTF8.self)
        }
        static func isLowercase(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) }
        static func isASCIILetter(_ byte: UInt8) -> Bool { isLowercase(byte) || (0x41...0x5A).contains(byte) }
    }
}
