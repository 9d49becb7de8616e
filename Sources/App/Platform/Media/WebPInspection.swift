import Foundation

// MARK: - WebP (RFC 9649)

extension ImageInspector {
    /// Keeps VP8X (EXIF and XMP flags cleared), ICCP when it is a small, well-formed profile (else
    /// its flag is cleared too), ALPH and the one VP8/VP8L image chunk; drops EXIF, XMP and unknown
    /// chunks. Animations are refused: a profile photo is a still image.
    enum WebP {
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
            var sawProfile = false, keptProfile = false, sawAlpha = false
            var image: (width: Int, height: Int)?
            for chunk in chunks.dropFirst() {
                switch chunk.fourCC {
                case "ANIM", "ANMF":
                    throw .unsupportedType
                case "ICCP":
                    guard !sawProfile, !sawAlpha, image == nil else { throw .malformed }
                    sawProfile = true
                    if chunk.data.count <= ICCProfile.maximumByteCount, ICCProfile.isWellFormed(Array(bytes[chunk.data])) {
                        keptProfile = true
                        kept.append(chunk)
                    }
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
            // 12 (RIFF header) + 8 (VP8X chunk header)
            output[20] = flags & ~(exifFlag | xmpFlag | (keptProfile ? 0 : iccFlag))
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
