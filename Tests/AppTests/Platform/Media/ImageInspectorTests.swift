@testable import App
import Testing

@Suite("Image inspection")
struct ImageInspectorTests {
    // MARK: Accepted images

    @Test(arguments: Sample.allCases)
    func validImagesAreAcceptedWithTheirRealTypeAndSize(sample: Sample) throws {
        let image = try ImageInspector.inspect(sample.bytes)

        #expect(image.format == sample.format)
        #expect(image.width == sample.width)
        #expect(image.height == sample.height)
    }

    @Test(arguments: Sample.allCases)
    func metadataIsStrippedAndTheRestKeptAsIs(sample: Sample) throws {
        let image = try ImageInspector.inspect(sample.bytes)

        #expect(!Make.contains(image.bytes, Make.location))
        #expect(!Make.contains(image.bytes, Make.script))
        #expect(image.bytes == sample.withoutMetadata)
    }

    @Test(arguments: Sample.allCases)
    func inspectingTheOutputAgainChangesNothing(sample: Sample) throws {
        let once = try ImageInspector.inspect(sample.bytes)

        let twice = try ImageInspector.inspect(once.bytes)

        #expect(twice == once)
    }

    @Test func theMediaTypeFollowsTheFormat() {
        #expect(ImageFormat.jpeg.mediaType == "image/jpeg")
        #expect(ImageFormat.png.mediaType == "image/png")
        #expect(ImageFormat.webp.mediaType == "image/webp")
    }

    // MARK: Not images

    @Test(arguments: [
        Named("PHP", Array(Make.script.utf8)),
        Named("HTML", Array("<!DOCTYPE html><html><script>alert(1)</script></html>".utf8)),
        Named("SVG", Array("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".utf8)),
        Named("GIF", Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0, 0x3B]),
        Named("BMP", Array("BM".utf8) + [0x1E, 0, 0, 0, 0, 0, 0, 0, 0x1A, 0, 0, 0]),
    ])
    func otherContentIsAnUnsupportedType(upload: Named) {
        #expect(throws: ImageRejection.unsupportedType) { try ImageInspector.inspect(upload.bytes) }
    }

    @Test func emptyAndOversizedUploadsAreRefused() throws {
        let atLimit = Make.jpeg(metadata: false, scanPadding: ImageInspector.maximumByteCount - Make.jpeg(metadata: false).count)
        let overLimit = Make.jpeg(metadata: false, scanPadding: ImageInspector.maximumByteCount - Make.jpeg(metadata: false).count + 1)
        let pngOverLimit = Make.png(metadata: false) + [UInt8](repeating: 0, count: ImageInspector.maximumByteCount)

        #expect(throws: ImageRejection.empty) { try ImageInspector.inspect([]) }
        #expect(try ImageInspector.inspect(atLimit).format == .jpeg)
        #expect(throws: ImageRejection.tooLarge) { try ImageInspector.inspect(overLimit) }
        #expect(throws: ImageRejection.tooLarge) { try ImageInspector.inspect(pngOverLimit) }
        #expect(throws: ImageRejection.tooLarge) { try ImageInspector.inspect([UInt8](repeating: 0xFF, count: ImageInspector.maximumUploadByteCount + 1)) }
    }

    @Test func aMotionPhotoLargerThanAPhotoIsKeptForItsPhoto() throws {
        // A 5 MB photo followed by 9 MB of video, as a phone's motion photo is.
        let photo = Make.jpeg(metadata: false, scanPadding: ImageInspector.maximumByteCount - Make.jpeg(metadata: false).count)
        let video = Array("\0\0\0\u{18}ftypmp42".utf8) + [UInt8](repeating: 0x42, count: 9 * 1024 * 1024)

        let image = try ImageInspector.inspect(photo + video)

        #expect(image.bytes == photo)
    }

    // MARK: Sizes

    @Test(arguments: [
        Named("PNG 100000×100000", Make.png(width: 100_000, height: 100_000)),
        Named("PNG 5000×10", Make.png(width: 5000, height: 10)),
        Named("JPEG 10×5000", Make.jpeg(width: 10, height: 5000)),
        Named("WebP lossless 5000×10", Make.webp([Make.vp8l(width: 5000, height: 10)])),
        Named("WebP extended 5000×10", Make.webpExtended(canvasWidth: 5000, canvasHeight: 10, frameWidth: 5000, frameHeight: 10)),
    ])
    func dimensionsAbove4096AreRefused(upload: Named) {
        #expect(throws: ImageRejection.dimensionsTooLarge) { try ImageInspector.inspect(upload.bytes) }
    }

    @Test(arguments: [
        Named("PNG", Make.png(width: 0, height: 0)),
        Named("JPEG", Make.jpeg(width: 0, height: 0)),
        Named("WebP lossy", Make.webp([Make.vp8(width: 0, height: 0)])),
    ])
    func zeroDimensionsAreRefused(upload: Named) {
        #expect(throws: ImageRejection.noDimensions) { try ImageInspector.inspect(upload.bytes) }
    }

    // MARK: Broken structure

    @Test func truncatedJPEGsAreMalformed() throws {
        let jpeg = Make.jpeg()
        let startOfFrame = try #require(Make.firstIndex(of: [0xFF, 0xC0], in: jpeg))

        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(Array(jpeg.dropLast(2))) }
        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(Array(jpeg[..<(startOfFrame + 3)])) }
    }

    @Test func aPNGWithAWrongCRCIsMalformed() throws {
        var png = Make.png()
        let imageData = try #require(Make.firstIndex(of: Array("IDAT".utf8), in: png))
        png[imageData + 4] ^= 0x01

        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(png) }
    }

    @Test(arguments: [Named("PNG after IEND", Make.png()), Named("WebP after its RIFF chunk", Make.webp([Make.vp8(width: 3, height: 2)]))])
    func bytesAfterTheEndAreMalformed(image: Named) {
        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(image.bytes + Array(Make.script.utf8)) }
    }

    @Test func bytesAfterAJPEGsEndOfImageAreCutOff() throws {
        let image = try ImageInspector.inspect(Make.jpeg(metadata: false) + Array(Make.script.utf8))

        #expect(image.bytes == Make.jpeg(metadata: false))
    }

    @Test func aPNGChunkLengthPastTheEndIsMalformed() throws {
        var png = Make.png()
        let text = try #require(Make.firstIndex(of: Array("tEXt".utf8), in: png))
        png.replaceSubrange((text - 4)..<text, with: Make.be32(0x00FF_FFFF))

        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(png) }
    }

    @Test func aWebPWhoseRIFFSizeLiesIsMalformed() {
        var webp = Make.webp([Make.vp8l(width: 3, height: 2)])
        webp.replaceSubrange(4..<8, with: Make.le32(webp.count))

        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(webp) }
    }

    @Test func aWebPCanvasDisagreeingWithItsBitstreamIsMalformed() {
        let webp = Make.webpExtended(canvasWidth: 3, canvasHeight: 2, frameWidth: 300, frameHeight: 200)

        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(webp) }
    }

    @Test func anAnimatedWebPIsAnUnsupportedType() {
        var webp = Make.webpExtended(canvasWidth: 3, canvasHeight: 2, frameWidth: 3, frameHeight: 2)
        webp[20] |= 0x02  // the VP8X animation flag

        #expect(throws: ImageRejection.unsupportedType) { try ImageInspector.inspect(webp) }
    }

    @Test(arguments: Sample.allCases)
    func everyTruncationIsRefusedWithoutCrashingUnlessItOnlyShortensATrailer(sample: Sample) {
        let bytes = sample.bytes

        let accepted = (0..<bytes.count).filter { (try? ImageInspector.inspect(Array(bytes[..<$0]))) != nil }

        #expect(accepted == Array(sample.imageEnd..<bytes.count))
    }
}

// MARK: - Test images

extension ImageInspectorTests {
    /// An upload with a short name for the test report instead of its bytes.
    struct Named: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let bytes: [UInt8]

        init(_ name: String, _ bytes: [UInt8]) {
            testDescription = name
            self.bytes = bytes
        }
    }

    /// The valid images every format test runs against, each with what inspection should make of it.
    enum Sample: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case png, pngInterlaced, pngPalette, jpeg, jpegRotated, jpegMotionPhoto, webpLossy, webpLossless, webpExtended

        var testDescription: String { rawValue }
        var bytes: [UInt8] { make(metadata: true) }
        var withoutMetadata: [UInt8] { make(metadata: false) }
        var format: ImageFormat {
            switch self {
            case .png, .pngInterlaced, .pngPalette: .png
            case .jpeg, .jpegRotated, .jpegMotionPhoto: .jpeg
            case .webpLossy, .webpLossless, .webpExtended: .webp
            }
        }
        var width: Int {
            switch self {
            case .webpLossless: 300
            case .pngInterlaced, .pngPalette: 5
            default: 3
            }
        }
        var height: Int {
            switch self {
            case .webpLossless: 200
            case .pngInterlaced, .pngPalette: 3
            default: 2
            }
        }
        /// Where the image ends and a trailer the inspector cuts off begins.
        var imageEnd: Int { self == .jpegMotionPhoto ? Make.jpeg().count : bytes.count }

        private func make(metadata: Bool) -> [UInt8] {
            switch self {
            case .png: Make.png(metadata: metadata)
            case .pngInterlaced:
                // 16-bit RGBA, Adam7, with the colour chunks that are kept and metadata that is not.
                Make.pngImage(width: 5, height: 3, bitDepth: 16, colourType: 6, interlaced: true, beforeImageData: [
                    Make.pngChunk("gAMA", Make.be32(45455)),
                    Make.pngChunk("cHRM", (0..<8).flatMap { Make.be32(30000 + $0) }),
                    Make.pngChunk("iCCP", Array("Display P3\0\0".utf8) + Make.zlib(Make.iccProfile())),
                ] + (metadata ? [Make.pngChunk("iTXt", Array("Location\0\0\0\0\0\(Make.location)".utf8)), Make.pngChunk("prVt", Array(Make.script.utf8))] : []))
            case .pngPalette:
                // 1 bit per pixel: two palette entries, the first transparent.
                Make.pngImage(width: 5, height: 3, bitDepth: 1, colourType: 3, beforeImageData: [
                    Make.pngChunk("PLTE", [0, 0, 0, 255, 255, 255]),
                    Make.pngChunk("tRNS", [0]),
                ] + (metadata ? [Make.pngChunk("bKGD", [1]), Make.pngChunk("hIST", [0, 1, 0, 2])] : []),
                afterImageData: metadata ? [Make.pngChunk("zTXt", Array("Comment\0\0".utf8) + Make.zlib(Array(Make.location.utf8)))] : [])
            case .jpeg: Make.jpeg(metadata: metadata)
            case .jpegRotated:
                // A phone's portrait photo: the orientation survives the EXIF block, alone.
                Make.jpegImage(segments: metadata
                    ? [Make.segment(0xE0, Array("JFIF\0".utf8) + [1, 2, 0, 0, 1, 0, 1, 1, 1, 0xAA, 0xBB, 0xCC]),
                       Make.segment(0xE1, Make.exif(orientation: 6, bigEndian: false)), Make.iccSegment(1, of: 1, Make.iccProfile())]
                    : [Make.jfif, Make.minimalEXIFSegment(orientation: 6), Make.iccSegment(1, of: 1, Make.iccProfile())])
            case .jpegMotionPhoto: Make.jpeg(metadata: metadata) + (metadata ? Make.motionPhotoVideo : [])
            case .webpLossy: Make.webp([Make.vp8(width: 3, height: 2)])
            case .webpLossless: Make.webp([Make.vp8l(width: 300, height: 200)])
            case .webpExtended: Make.webpExtended(canvasWidth: 3, canvasHeight: 2, frameWidth: 3, frameHeight: 2, metadata: metadata)
            }
        }
    }

    /// Builders for small images that are structurally complete; their pixel data is never decoded.
    enum Make {
        static let location = "GPS 48.8584N 2.2945E"
        static let script = "<?php system($_GET['c']); ?>"

        // PNG: signature, then chunks of length, type, data and CRC-32.

        static func png(width: Int = 3, height: Int = 2, metadata: Bool = true) -> [UInt8] {
            let before = metadata
                ? [pngChunk("pHYs", be32(2835) + be32(2835) + [1]), pngChunk("tEXt", Array("Comment\0\(script)".utf8)), pngChunk("eXIf", Array(location.utf8))]
                : []
            let after = metadata ? [pngChunk("tIME", [0x07, 0xE8, 1, 2, 3, 4, 5])] : []
            return pngImage(width: width, height: height, beforeImageData: before, afterImageData: after)
        }

        /// A PNG whose image data, split over two IDAT chunks, is `imageData` or else exactly what the
        /// header implies; `beforeImageData` and `afterImageData` are whole chunks.
        static func pngImage(
            width: Int = 3, height: Int = 2, bitDepth: UInt8 = 8, colourType: UInt8 = 2, interlaced: Bool = false,
            beforeImageData: [[UInt8]] = [], imageData: [UInt8]? = nil, afterImageData: [[UInt8]] = []
        ) -> [UInt8] {
            let header = be32(width) + be32(height) + [bitDepth, colourType, 0, 0, interlaced ? 1 : 0]
            let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][Int(colourType)] ?? 1
            let data = imageData ?? zlib(scanlines(width: width, height: height, bitsPerPixel: channels * Int(bitDepth), interlaced: interlaced))
            let half = data.count / 2
            return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
                + pngChunk("IHDR", header) + beforeImageData.joined()
                + pngChunk("IDAT", Array(data[..<half])) + pngChunk("IDAT", Array(data[half...]))
                + afterImageData.joined() + pngChunk("IEND", [])
        }

        /// The unfiltered rows of each Adam7 pass (or the one image), each led by a filter type that
        /// cycles through 0–4; `filter` overrides that of the row with the given index overall.
        static func scanlines(width: Int, height: Int, bitsPerPixel: Int, interlaced: Bool, filter: (row: Int, type: UInt8)? = nil) -> [UInt8] {
            // Only headers the inspector accepts get image data; a 100000×100000 one would not fit in memory.
            guard (1...4096).contains(width), (1...4096).contains(height) else { return [] }
            let passes = interlaced ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)] : [(0, 0, 1, 1)]
            var raw: [UInt8] = [], row = 0
            for (x, y, xStep, yStep) in passes {
                let columns = Array(stride(from: x, to: width, by: xStep)).count
                let rows = columns == 0 ? 0 : Array(stride(from: y, to: height, by: yStep)).count
                for _ in 0..<rows {
                    raw.append(filter?.row == row ? filter!.type : UInt8(row % 5))
                    raw += [UInt8](repeating: 0x5A, count: (columns * bitsPerPixel + 7) / 8)
                    row += 1
                }
            }
            return raw
        }

        static func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let typeAndData = Array(type.utf8) + data
            return be32(data.count) + typeAndData + be32(Int(crc32(typeAndData)))
        }

        /// Bit by bit, independent of the table-driven implementation under test.
        static func crc32(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return ~crc
        }

        // JPEG: SOI, marker segments, a scan with stuffed bytes and a restart marker, EOI.

        static func jpeg(width: Int = 3, height: Int = 2, metadata: Bool = true, scanPadding: Int = 0) -> [UInt8] {
            let thumbnail: [UInt8] = metadata ? [1, 1, 0xAA, 0xBB, 0xCC] : [0, 0]
            var segments = [segment(0xE0, Array("JFIF\0".utf8) + [1, 2, 0, 0, 1, 0, 1] + thumbnail)]
            if metadata { segments.append(segment(0xE1, Array("Exif\0\0\(location)".utf8))) }
            segments.append(iccSegment(1, of: 1, iccProfile()))
            if metadata { segments.append(segment(0xFE, Array(script.utf8))) }
            return jpegImage(width: width, height: height, segments: segments, scanPadding: scanPadding)
        }

        /// A grey baseline JPEG with `segments` (whole marker segments) right after SOI.
        static func jpegImage(width: Int = 3, height: Int = 2, segments: [[UInt8]], scanPadding: Int = 0) -> [UInt8] {
            var bytes: [UInt8] = [0xFF, 0xD8] + segments.joined()
            bytes += segment(0xDB, [0x00] + [UInt8](repeating: 1, count: 64))
            bytes += segment(0xC0, [8] + be16(height) + be16(width) + [1, 1, 0x11, 0])  // one grey component
            bytes += segment(0xC4, [0x00, 1] + [UInt8](repeating: 0, count: 15) + [0x00])
            bytes += segment(0xDD, be16(1))
            bytes += segment(0xDA, [1, 1, 0x00, 0, 63, 0])
            bytes += [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56] + [UInt8](repeating: 0, count: scanPadding)
            return bytes + [0xFF, 0xD9]
        }

        static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
            [0xFF, marker] + be16(payload.count + 2) + payload
        }

        // WebP: "RIFF", size, "WEBP", then chunks of FourCC, size, data and a padding byte if odd.

        static func webp(_ chunks: [[UInt8]]) -> [UInt8] {
            let body = Array("WEBP".utf8) + chunks.joined()
            return Array("RIFF".utf8) + le32(body.count) + body
        }

        static func riffChunk(_ fourCC: String, _ data: [UInt8]) -> [UInt8] {
            Array(fourCC.utf8) + le32(data.count) + data + (data.count % 2 == 1 ? [0] : [])
        }

        /// A key frame: tag (shown, first partition of 2 bytes), start code, 14-bit sizes.
        static func vp8(width: Int, height: Int) -> [UInt8] {
            riffChunk("VP8 ", [0x50, 0x00, 0x00, 0x9D, 0x01, 0x2A] + le16(width) + le16(height) + [0, 0, 0])
        }

        static func vp8l(width: Int, height: Int) -> [UInt8] {
            riffChunk("VP8L", [0x2F] + le32((width - 1) | (height - 1) << 14) + [0, 0])
        }

        static func webpExtended(canvasWidth: Int, canvasHeight: Int, frameWidth: Int, frameHeight: Int, metadata: Bool = true) -> [UInt8] {
            let flags: UInt8 = metadata ? 0x08 | 0x04 : 0  // EXIF, XMP
            var chunks = [riffChunk("VP8X", [flags, 0, 0, 0] + le24(canvasWidth - 1) + le24(canvasHeight - 1))]
            chunks.append(vp8(width: frameWidth, height: frameHeight))
            if metadata {
                chunks += [riffChunk("EXIF", Array(location.utf8)), riffChunk("XMP ", Array("<x>\(script)</x>".utf8))]
            }
            return webp(chunks)
        }

        /// An MP4 like the one a motion photo appends after the JPEG's EOI: "ftyp" and "mdat" boxes.
        static let motionPhotoVideo = be32(24) + Array("ftypmp42".utf8) + be32(0) + Array("mp42isom".utf8)
            + be32(8 + script.count + location.count) + Array("mdat\(script)\(location)".utf8)

        // Bytes

        static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        static func be32(_ value: Int) -> [UInt8] { be16(value >> 16) + be16(value) }
        static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        static func le24(_ value: Int) -> [UInt8] { le16(value) + [UInt8(value >> 16 & 0xFF)] }
        static func le32(_ value: Int) -> [UInt8] { le16(value) + le16(value >> 16) }

        static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
            guard needle.count <= bytes.count else { return nil }
            return (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
        }

        static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
            firstIndex(of: Array(text.utf8), in: bytes) != nil
        }
    }
}
