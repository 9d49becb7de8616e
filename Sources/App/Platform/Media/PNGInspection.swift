import Foundation

// MARK: - PNG (ISO/IEC 15948, W3C PNG specification)

extension ImageInspector {
    /// Keeps IHDR, PLTE, the IDAT chunks (their data inflated and checked against the header), IEND,
    /// and the colour chunks tRNS, sRGB, gAMA, cHRM and iCCP when each is well-formed; drops every
    /// other ancillary chunk. Animations (APNG) are refused: a profile photo is a still image.
    enum PNG {
        static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        /// Ancillary chunks that change how the pixels look; every other ancillary chunk is metadata.
        static let colourChunks: Set<String> = ["tRNS", "sRGB", "gAMA", "cHRM", "iCCP"]
        static let animationChunks: Set<String> = ["acTL", "fcTL", "fdAT"]

        struct Header {
            let width: Int
            let height: Int
            let bitDepth: UInt8
            let colourType: UInt8
            let interlaced: Bool

            /// Table 11.1: grey, -, RGB, palette index, grey and alpha, -, RGB and alpha.
            var bitsPerPixel: Int {
                let channels = [1, 0, 3, 1, 2, 0, 4][Int(colourType)]
                return channels * Int(bitDepth)
            }
        }

        private enum ImageData { case notYet, running, finished }

        static func inspect(_ bytes: [UInt8]) throws(ImageRejection) -> InspectedImage {
            var output = signature
            var offset = signature.count
            var header: Header?
            var paletteEntries = 0
            var imageData = ImageData.notYet
            var compressed: [UInt8] = []
            var seenColourChunks: Set<String> = []
            var keptProfile: Range<Int>?
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
                let chunk = bytes[offset..<end], data = bytes[dataStart..<dataEnd]
                offset = end

                guard let image = header else {
                    guard type == "IHDR", length == 13 else { throw .malformed }
                    header = try parseHeader(Array(data))
                    output += chunk
                    continue
                }
                if imageData == .running, type != "IDAT" { imageData = .finished }
                switch type {
                case "IHDR":
                    throw .malformed
                case "PLTE":
                    // Forbidden for grey images; 1 to 256 RGB entries, before tRNS and the image data.
                    guard paletteEntries == 0, imageData == .notYet, !seenColourChunks.contains("tRNS"),
                          image.colourType != 0, image.colourType != 4,
                          length % 3 == 0, (3...768).contains(length) else { throw .malformed }
                    paletteEntries = length / 3
                    output += chunk
                case "IDAT":
                    // IDAT chunks must be consecutive; palette images need PLTE first.
                    guard imageData != .finished, image.colourType != 3 || paletteEntries > 0 else { throw .malformed }
                    imageData = .running
                    compressed += data
                    output += chunk
                case "IEND":
                    guard length == 0, imageData != .notYet, offset == bytes.count else { throw .malformed }
                    try checkImageData(compressed, Scanlines(image))
                    // 11.3.3.5: sRGB and iCCP should not both be present; sRGB says more simply what is meant.
                    if let keptProfile, seenColourChunks.contains("sRGB") { output.removeSubrange(keptProfile) }
                    output += chunk
                    return InspectedImage(format: .png, width: image.width, height: image.height, bytes: output)
                case _ where animationChunks.contains(type):
                    throw .unsupportedType
                case _ where colourChunks.contains(type):
                    // Table 5.3: each at most once, before the image data; all but tRNS before PLTE too.
                    guard imageData == .notYet, type == "tRNS" || paletteEntries == 0,
                          seenColourChunks.insert(type).inserted else { throw .malformed }
                    if try keepsColourChunk(type, data, image, paletteEntries: paletteEntries) {
                        if type == "iCCP" { keptProfile = output.count..<(output.count + chunk.count) }
                        output += chunk
                    }
                default:
                    // An unknown critical chunk (upper-case first letter) cannot be understood, so refuse it.
                    // Every other ancillary chunk is metadata (text, time, EXIF, physical size, ...) and goes.
                    guard typeBytes.first.map(Read.isLowercase) == true else { throw .malformed }
                }
            }
            throw .malformed  // no IEND: truncated
        }

        private static func parseHeader(_ data: [UInt8]) throws(ImageRejection) -> Header {
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
            return Header(width: width, height: height, bitDepth: bitDepth, colourType: colourType, interlaced: data[12] == 1)
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
