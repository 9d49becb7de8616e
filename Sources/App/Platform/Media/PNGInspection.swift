import Foundation

// MARK: - PNG (ISO/IEC 15948, W3C PNG specification)

extension ImageInspector {
    enum PNG {
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
    enum CRC32 {
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
