@testable import App
import Testing

@Suite("PNG inspection")
struct PNGInspectionTests {
    typealias Make = ImageInspectorTests.Make
    typealias Named = ImageInspectorTests.Named

    private static let rgbRows = Make.scanlines(width: 3, height: 2, bitsPerPixel: 24, interlaced: false)

    /// The default 3×2 RGB image with `chunks` between IHDR and IDAT.
    static func withChunks(_ chunks: [[UInt8]]) -> [UInt8] {
        Make.pngImage(beforeImageData: chunks)
    }

    // MARK: Transparency

    @Test(arguments: [
        Named("grey, 1 byte", Make.pngImage(colourType: 0, beforeImageData: [Make.pngChunk("tRNS", [0])])),
        Named("grey, 6 bytes", Make.pngImage(colourType: 0, beforeImageData: [Make.pngChunk("tRNS", [0, 0, 0, 0, 0, 0])])),
        Named("RGB, 2 bytes", Make.pngImage(colourType: 2, beforeImageData: [Make.pngChunk("tRNS", [0, 0])])),
        Named("RGB, 7 bytes", Make.pngImage(colourType: 2, beforeImageData: [Make.pngChunk("tRNS", [UInt8](repeating: 0, count: 7))])),
        Named("palette of 2, 3 bytes", Make.pngImage(colourType: 3, beforeImageData: [Make.pngChunk("PLTE", [UInt8](repeating: 9, count: 6)), Make.pngChunk("tRNS", [0, 0, 0])])),
        Named("palette, empty", Make.pngImage(colourType: 3, beforeImageData: [Make.pngChunk("PLTE", [UInt8](repeating: 9, count: 6)), Make.pngChunk("tRNS", [])])),
        Named("palette, before PLTE", Make.pngImage(colourType: 3, beforeImageData: [Make.pngChunk("tRNS", [0]), Make.pngChunk("PLTE", [UInt8](repeating: 9, count: 6))])),
        Named("grey and alpha", Make.pngImage(colourType: 4, beforeImageData: [Make.pngChunk("tRNS", [0, 0])])),
        Named("RGB and alpha", Make.pngImage(colourType: 6, beforeImageData: [Make.pngChunk("tRNS", [0, 0, 0, 0, 0, 0])])),
        Named("RGB, twice", Make.pngImage(colourType: 2, beforeImageData: [Make.pngChunk("tRNS", [0, 0, 0, 0, 0, 0]), Make.pngChunk("tRNS", [0, 0, 0, 0, 0, 0])])),
        Named("RGB, 100 kB", Make.pngImage(colourType: 2, beforeImageData: [Make.pngChunk("tRNS", [UInt8](repeating: 0x41, count: 100_000))])),
    ])
    func transparencyOfTheWrongLengthOrKindIsMalformed(png: Named) {
        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(png.bytes) }
    }

    @Test(arguments: [
        Named("grey", Make.pngImage(colourType: 0, beforeImageData: [Make.pngChunk("tRNS", [0, 7])])),
        Named("RGB", Make.pngImage(colourType: 2, beforeImageData: [Make.pngChunk("tRNS", [0, 1, 0, 2, 0, 3])])),
        Named("palette", Make.pngImage(colourType: 3, beforeImageData: [Make.pngChunk("PLTE", [UInt8](repeating: 9, count: 6)), Make.pngChunk("tRNS", [0, 128])])),
    ])
    func wellFormedTransparencyIsKept(png: Named) throws {
        #expect(try ImageInspector.inspect(png.bytes).bytes == png.bytes)
    }

    // MARK: Image data

    @Test(arguments: [
        Named("HTML", Array("<html><body><script>alert(document.cookie)</script></body></html>".utf8)),
        Named("no data", []),
        Named("one row short", Make.zlib(Array(rgbRows.dropLast(10)))),
        Named("one byte short", Make.zlib(Array(rgbRows.dropLast()))),
        Named("one byte too many", Make.zlib(rgbRows + [0])),
        Named("a row too many", Make.zlib(rgbRows + rgbRows.prefix(10))),
        Named("filter type 5", Make.zlib(Make.scanlines(width: 3, height: 2, bitsPerPixel: 24, interlaced: false, filter: (1, 5)))),
        Named("filter type 255", Make.zlib(Make.scanlines(width: 3, height: 2, bitsPerPixel: 24, interlaced: false, filter: (0, 255)))),
        Named("wrong Adler-32", Make.zlib(rgbRows).dropLast() + [Make.zlib(rgbRows).last! ^ 1]),
        Named("truncated stream", Array(Make.zlib(rgbRows).dropLast(5))),
        Named("a byte after the stream", Make.zlib(rgbRows) + [0]),
        Named("HTML after the stream", Make.zlib(rgbRows) + Array("<script>alert(1)</script>".utf8)),
        Named("a second stream", Make.zlib(rgbRows) + Make.zlib([0])),
        Named("raw deflate without the zlib header", Array(Make.zlib(rgbRows).dropFirst(2))),
    ])
    func imageDataThatIsNotExactlyTheScanlinesIsMalformed(data: Named) {
        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(Make.pngImage(imageData: data.bytes)) }
    }

    @Test func aBadFilterTypeInTheLastInterlacedPassIsMalformed() {
        let rows = Make.scanlines(width: 5, height: 3, bitsPerPixel: 24, interlaced: true, filter: (6, 7))
        let good = Make.scanlines(width: 5, height: 3, bitsPerPixel: 24, interlaced: true)

        #expect(throws: ImageRejection.malformed) {
            try ImageInspector.inspect(Make.pngImage(width: 5, height: 3, interlaced: true, imageData: Make.zlib(rows)))
        }
        #expect(throws: Never.self) {
            try ImageInspector.inspect(Make.pngImage(width: 5, height: 3, interlaced: true, imageData: Make.zlib(good)))
        }
    }

    @Test func stoppingAtTheExpectedSizeRefusesAnImageBombWithoutInflatingIt() {
        // 64 MB of zeros compress to about 64 kB; 3×2 RGB needs 20 bytes, so inflation stops at 21.
        let bomb = Make.zlib([UInt8](repeating: 0, count: 64 * 1024 * 1024))

        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(Make.pngImage(imageData: bomb)) }
    }

    // Passes by hand (8-bit RGB, so 3 bytes a pixel and a filter byte a row): 1×1 has only pass 1;
    // 5×3 has no pass 3 (it starts at row 4); 4096×1 has passes 1, 2, 4 and 6 only.
    @Test(arguments: [(1, 1, 4), (5, 3, 4 + 4 + 4 + 10 + 14 + 16), (8, 8, 4 + 4 + 7 + 14 + 26 + 52 + 100), (4096, 1, 1537 + 1537 + 3073 + 6145)])
    func interlacedImagesExpectEachNonEmptyPassOfTheirSize(width: Int, height: Int, expected: Int) throws {
        let header = ImageInspector.PNG.Header(width: width, height: height, bitDepth: 8, colourType: 2, interlaced: true)

        #expect(ImageInspector.PNG.Scanlines(header).byteCount == expected)
        let png = Make.pngImage(width: width, height: height, interlaced: true)
        #expect(try ImageInspector.inspect(png).bytes == png)
    }

    @Test func anInterlacedImageWithNonInterlacedDataIsMalformed() {
        let flat = Make.scanlines(width: 5, height: 3, bitsPerPixel: 24, interlaced: false)

        #expect(throws: ImageRejection.malformed) {
            try ImageInspector.inspect(Make.pngImage(width: 5, height: 3, interlaced: true, imageData: Make.zlib(flat)))
        }
    }

    @Test(arguments: [(UInt8(1), 5, 1), (1, 17, 3), (2, 5, 2), (4, 3, 2), (8, 3, 3)])
    func paletteImagesOfEveryDepthPackTheirRows(bitDepth: UInt8, width: Int, rowBytes: Int) throws {
        let png = Make.pngImage(width: width, height: 3, bitDepth: bitDepth, colourType: 3,
                                beforeImageData: [Make.pngChunk("PLTE", [0, 0, 0, 255, 255, 255])])
        let header = ImageInspector.PNG.Header(width: width, height: 3, bitDepth: bitDepth, colourType: 3, interlaced: false)

        #expect(ImageInspector.PNG.Scanlines(header).byteCount == 3 * (1 + rowBytes))
        #expect(try ImageInspector.inspect(png).bytes == png)
    }

    @Test func theLargest16BitRGBAImageIsCheckedByStreamingItsRows() throws {
        // 4096 rows of 1 + 4096 × 8 bytes: 134 MB inflated, which the inspector never holds.
        let png = Make.pngImage(width: 4096, height: 4096, bitDepth: 16, colourType: 6)
        let header = ImageInspector.PNG.Header(width: 4096, height: 4096, bitDepth: 16, colourType: 6, interlaced: false)

        #expect(ImageInspector.PNG.Scanlines(header).byteCount == 4096 * (1 + 4096 * 8))
        #expect(try ImageInspector.inspect(png).bytes == png)
    }

    // MARK: Colour chunks

    @Test func wellFormedColourChunksAreKept() throws {
        let png = Self.withChunks([
            Make.pngChunk("gAMA", Make.be32(45455)),
            Make.pngChunk("cHRM", [UInt8](repeating: 1, count: 32)),
            Make.pngChunk("sRGB", [0]),
        ])

        #expect(try ImageInspector.inspect(png).bytes == png)
    }

    @Test(arguments: [
        Named("sRGB of 2 bytes", Make.pngChunk("sRGB", [0, 0])),
        Named("empty sRGB", Make.pngChunk("sRGB", [])),
        Named("gAMA of 3 bytes", Make.pngChunk("gAMA", [0, 0, 1])),
        Named("gAMA of 5 bytes", Make.pngChunk("gAMA", [0, 0, 0, 0, 1])),
        Named("cHRM of 31 bytes", Make.pngChunk("cHRM", [UInt8](repeating: 1, count: 31))),
        Named("cHRM of 100 kB", Make.pngChunk("cHRM", [UInt8](repeating: 1, count: 100_000))),
    ])
    func colourChunksOfTheWrongLengthAreMalformed(chunk: Named) {
        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(Self.withChunks([chunk.bytes])) }
    }

    @Test(arguments: [
        Named("sRGB intent 4", Make.pngChunk("sRGB", [4])),
        Named("gAMA of zero", Make.pngChunk("gAMA", [0, 0, 0, 0])),
    ])
    func colourChunksWithMeaninglessValuesAreDropped(chunk: Named) throws {
        #expect(try ImageInspector.inspect(Self.withChunks([chunk.bytes])).bytes == Make.pngImage())
    }

    @Test(arguments: [
        Named("gAMA after IDAT", Make.pngImage(afterImageData: [Make.pngChunk("gAMA", Make.be32(45455))])),
        Named("sRGB after PLTE", Make.pngImage(beforeImageData: [Make.pngChunk("PLTE", [1, 2, 3]), Make.pngChunk("sRGB", [0])])),
        Named("two gAMA", Make.pngImage(beforeImageData: [Make.pngChunk("gAMA", Make.be32(45455)), Make.pngChunk("gAMA", Make.be32(45455))])),
        Named("two iCCP", Make.pngImage(beforeImageData: [PNGInspectionTests.profileChunk(), PNGInspectionTests.profileChunk()])),
        Named("tRNS after IDAT", Make.pngImage(afterImageData: [Make.pngChunk("tRNS", [0, 0, 0, 0, 0, 0])])),
    ])
    func colourChunksOutOfPlaceOrRepeatedAreMalformed(png: Named) {
        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(png.bytes) }
    }

    // MARK: ICC profiles

    static func profileChunk(name: String = "ICC profile", method: UInt8 = 0, _ compressed: [UInt8] = Make.zlib(Make.iccProfile())) -> [UInt8] {
        Make.pngChunk("iCCP", Array(name.utf8) + [0, method] + compressed)
    }

    @Test func aSmallWellFormedProfileIsKept() throws {
        let png = Self.withChunks([Self.profileChunk()])

        #expect(try ImageInspector.inspect(png).bytes == png)
    }

    @Test func aProfileThatInflatesFarBeyond64KiBIsDroppedAndTheImageKept() throws {
        // 32 MB of zeros compress to about 32 kB; inflation stops after 64 KiB + 1 (see BoundedInflateTests).
        let bomb = Make.zlib(Make.iccProfile(padding: 32 * 1024 * 1024))
        let png = Self.withChunks([Self.profileChunk(bomb)])

        #expect(try ImageInspector.inspect(png).bytes == Make.pngImage())
    }

    @Test(arguments: [
        Named("bad size field", Make.zlib(Make.be32(999) + Make.iccProfile().dropFirst(4))),
        Named("no acsp", Make.zlib(Array(Make.iccProfile()[..<36]) + Array("ACSP".utf8) + Make.iccProfile()[40...])),
        Named("tag past the end", Make.zlib(Array(Make.iccProfile()[..<136]) + Make.be32(100_000) + Make.iccProfile()[140...])),
        Named("65 KiB", Make.zlib(Make.iccProfile(padding: 65 * 1024))),
        Named("not zlib", Make.iccProfile()),
        Named("truncated zlib", Array(Make.zlib(Make.iccProfile()).dropLast(4))),
        Named("bytes after the stream", Make.zlib(Make.iccProfile()) + [0]),
    ])
    func aMalformedProfileIsDropped(compressed: Named) throws {
        #expect(try ImageInspector.inspect(Self.withChunks([Self.profileChunk(compressed.bytes)])).bytes == Make.pngImage())
    }

    @Test(arguments: [
        Named("empty name", PNGInspectionTests.profileChunk(name: "")),
        Named("80-byte name", PNGInspectionTests.profileChunk(name: String(repeating: "n", count: 80))),
        Named("control byte in the name", PNGInspectionTests.profileChunk(name: "ICC\n")),
        Named("compression method 1", PNGInspectionTests.profileChunk(method: 1)),
        Named("no compression method", Make.pngChunk("iCCP", Array("ICC\0".utf8))),
    ])
    func aProfileChunkWithABadNameOrMethodIsDropped(chunk: Named) throws {
        #expect(try ImageInspector.inspect(Self.withChunks([chunk.bytes])).bytes == Make.pngImage())
    }

    @Test func sRGBWinsOverAProfileWhicheverComesFirst() throws {
        let sRGB = Make.pngChunk("sRGB", [0])

        #expect(try ImageInspector.inspect(Self.withChunks([Self.profileChunk(), sRGB])).bytes == Self.withChunks([sRGB]))
        #expect(try ImageInspector.inspect(Self.withChunks([sRGB, Self.profileChunk()])).bytes == Self.withChunks([sRGB]))
    }

    // MARK: Other chunks

    @Test(arguments: ["tEXt", "zTXt", "iTXt", "tIME", "eXIf", "pHYs", "sBIT", "bKGD", "hIST", "sPLT", "oFFs", "prVt", "caNv"])
    func everyOtherAncillaryChunkIsDropped(type: String) throws {
        let payload = Array("\(Make.location) \(Make.script)".utf8)

        let before = try ImageInspector.inspect(Self.withChunks([Make.pngChunk(type, payload)]))
        let after = try ImageInspector.inspect(Make.pngImage(afterImageData: [Make.pngChunk(type, payload)]))

        #expect(before.bytes == Make.pngImage())
        #expect(after.bytes == Make.pngImage())
    }

    @Test(arguments: ["acTL", "fcTL", "fdAT"])
    func animatedPNGsAreAnUnsupportedType(type: String) {
        #expect(throws: ImageRejection.unsupportedType) { try ImageInspector.inspect(Self.withChunks([Make.pngChunk(type, [0, 0, 0, 1, 0, 0, 0, 0])])) }
    }

    @Test func anUnknownCriticalChunkIsMalformed() {
        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(Self.withChunks([Make.pngChunk("HTML", Array(Make.script.utf8))])) }
    }
}
