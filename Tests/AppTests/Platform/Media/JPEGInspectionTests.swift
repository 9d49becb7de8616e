@testable import App
import Testing

@Suite("JPEG inspection")
struct JPEGInspectionTests {
    typealias Make = ImageInspectorTests.Make
    typealias Named = ImageInspectorTests.Named

    // MARK: Trailers

    @Test func aMotionPhotoKeepsOnlyItsPhoto() throws {
        let photo = Make.jpeg(metadata: false)

        let image = try ImageInspector.inspect(photo + Make.motionPhotoVideo)

        #expect(image.bytes == photo)
        #expect(image.bytes.suffix(2) == [0xFF, 0xD9])
    }

    @Test func anMPFSecondImageAfterTheFirstEOIIsDropped() throws {
        // Multi-Picture Format: an APP2 "MPF" index in the first image, the second image after its EOI.
        let index = Make.segment(0xE2, Array("MPF\0MM\0*\0\0\0\u{8}".utf8) + Array(Make.location.utf8))
        let first = Make.jpegImage(segments: [Make.jfif, index])
        let second = Make.jpeg(width: 1024, height: 768)

        let image = try ImageInspector.inspect(first + second)

        #expect(image.bytes == Make.jpegImage(segments: [Make.jfif]))
        #expect((image.width, image.height) == (3, 2))
    }

    @Test func aTruncatedJPEGWithATrailerLikeTailIsStillMalformed() {
        // No EOI at all: the "trailer" is inside what would be the scan.
        let cut = Array(Make.jpeg(metadata: false).dropLast(2)) + Make.motionPhotoVideo.filter { $0 != 0xFF }

        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(cut) }
    }

    @Test func anEOIBeforeAnyScanIsMalformed() {
        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect([0xFF, 0xD8, 0xFF, 0xD9] + Make.jpeg()) }
    }

    // MARK: Orientation

    @Test(arguments: [false, true])
    func theOrientationAloneSurvivesFromEXIF(bigEndian: Bool) throws {
        let jpeg = Make.jpegImage(segments: [Make.jfif, Make.segment(0xE1, Make.exif(orientation: 6, bigEndian: bigEndian))])

        let image = try ImageInspector.inspect(jpeg)

        #expect(image.bytes == Make.jpegImage(segments: [Make.jfif, Make.minimalEXIFSegment(orientation: 6)]))
        #expect(!Make.contains(image.bytes, Make.location))
        #expect(!Make.contains(image.bytes, Make.makerNote))
        #expect(!Make.contains(image.bytes, "Phone"))
    }

    @Test(arguments: 2...8)
    func everyRotationOrMirroringIsKept(orientation: Int) throws {
        let jpeg = Make.jpegImage(segments: [Make.segment(0xE1, Make.exif(orientation: orientation, bigEndian: true))])

        let image = try ImageInspector.inspect(jpeg)

        #expect(image.bytes == Make.jpegImage(segments: [Make.minimalEXIFSegment(orientation: UInt8(orientation))]))
    }

    @Test func theOrientationGoesRightAfterSOIWhenThereIsNoJFIF() throws {
        let jpeg = Make.jpegImage(segments: [Make.segment(0xDB, [0x11] + [UInt8](repeating: 1, count: 128)),
                                             Make.segment(0xE1, Make.exif(orientation: 8, bigEndian: false)), Make.jfif])

        let image = try ImageInspector.inspect(jpeg)

        let segment = Make.minimalEXIFSegment(orientation: 8)
        #expect(Array(image.bytes[2..<(2 + segment.count)]) == segment)
    }

    @Test(arguments: [
        Named("orientation 1", Make.exif(orientation: 1, bigEndian: false)),
        Named("no orientation", Make.exif(orientation: nil, bigEndian: true)),
        Named("orientation 9", Make.exif(orientation: 9, bigEndian: true)),
        Named("orientation 0", Make.exif(orientation: 0, bigEndian: false)),
        Named("XMP", Array("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta tiff:Orientation=\"6\"/>".utf8)),
        Named("not EXIF", Array("Exit\0\0".utf8) + Make.exif(orientation: 6, bigEndian: true).dropFirst(6)),
    ])
    func withoutAnUnusualOrientationNoEXIFIsWritten(payload: Named) throws {
        let image = try ImageInspector.inspect(Make.jpegImage(segments: [Make.jfif, Make.segment(0xE1, payload.bytes)]))

        #expect(image.bytes == Make.jpegImage(segments: [Make.jfif]))
    }

    @Test func anOrientationOfTheWrongTypeOrCountIsIgnored() throws {
        var asLong = Make.exif(orientation: 6, bigEndian: true)
        var twoValues = asLong
        // IFD0 at TIFF offset 8, after the 6-byte EXIF header: count (2), then the Make entry (12),
        // then the orientation entry: tag (2), type (2), count (4).
        let orientationEntry = 6 + 8 + 2 + 12
        asLong.replaceSubrange((orientationEntry + 2)..<(orientationEntry + 4), with: Make.be16(4))
        twoValues.replaceSubrange((orientationEntry + 4)..<(orientationEntry + 8), with: Make.be32(2))

        for payload in [asLong, twoValues] {
            let image = try ImageInspector.inspect(Make.jpegImage(segments: [Make.jfif, Make.segment(0xE1, payload)]))
            #expect(image.bytes == Make.jpegImage(segments: [Make.jfif]))
        }
    }

    @Test(arguments: [false, true])
    func everyTruncationOrCorruptedByteOfEXIFIsParsedWithoutCrashing(bigEndian: Bool) throws {
        let exif = Make.exif(orientation: 3, bigEndian: bigEndian)
        let plain = Make.jpegImage(segments: [Make.jfif])
        let rotated = Make.jpegImage(segments: [Make.jfif, Make.minimalEXIFSegment(orientation: 3)])
        var variants = (0...exif.count).map { Array(exif[..<$0]) }
        for index in exif.indices {
            for value: UInt8 in [0x00, 0x07, 0x80, 0xFF] {
                var corrupted = exif
                corrupted[index] = value
                variants.append(corrupted)
            }
        }

        for payload in variants {
            let image = try ImageInspector.inspect(Make.jpegImage(segments: [Make.jfif, Make.segment(0xE1, payload)]))
            // A corrupted orientation value may still be a valid one (2–8); it is then written out alone.
            let written = image.bytes == plain || image.bytes == rotated
                || (2...8).contains { image.bytes == Make.jpegImage(segments: [Make.jfif, Make.minimalEXIFSegment(orientation: UInt8($0))]) }
            #expect(written)
        }
    }

    @Test func onlyTheFirstEXIFOrientationCounts() throws {
        let jpeg = Make.jpegImage(segments: [Make.jfif, Make.segment(0xE1, Make.exif(orientation: 6, bigEndian: true)),
                                             Make.segment(0xE1, Make.exif(orientation: 3, bigEndian: true))])

        #expect(try ImageInspector.inspect(jpeg).bytes == Make.jpegImage(segments: [Make.jfif, Make.minimalEXIFSegment(orientation: 6)]))
    }

    // MARK: Adobe

    @Test func theStandardAdobeSegmentIsKept() throws {
        let jpeg = Make.jpegImage(segments: [Make.segment(0xEE, Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 1])])

        #expect(try ImageInspector.inspect(jpeg).bytes == jpeg)
    }

    @Test(arguments: [
        Named("a byte more", Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 1, 0]),
        Named("a payload appended", Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 1] + Array(Make.script.utf8)),
        Named("a byte less", Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0]),
        Named("another vendor", Array("Adobf".utf8) + [0, 100, 0, 0, 0, 0, 1]),
    ])
    func anyOtherAPP14IsDropped(payload: Named) throws {
        let image = try ImageInspector.inspect(Make.jpegImage(segments: [Make.segment(0xEE, payload.bytes)]))

        #expect(image.bytes == Make.jpegImage(segments: []))
    }

    // MARK: ICC profiles

    @Test func aProfileSplitOverSegmentsIsKeptWhenTheyAreWhole() throws {
        let profile = Make.iccProfile(tags: 3, padding: 1000)
        let parts = [Array(profile[..<100]), Array(profile[100..<700]), Array(profile[700...])]
        let jpeg = Make.jpegImage(segments: [Make.jfif] + parts.indices.map { Make.iccSegment($0 + 1, of: 3, parts[$0]) })

        #expect(try ImageInspector.inspect(jpeg).bytes == jpeg)
    }

    @Test func aProfileIsKeptWhereItsFirstSegmentWas() throws {
        let profile = Make.iccProfile()
        let dqt = Make.segment(0xDB, [0x11] + [UInt8](repeating: 1, count: 128))
        let jpeg = Make.jpegImage(segments: [Make.jfif, Make.iccSegment(1, of: 2, Array(profile[..<50])), Make.segment(0xFE, Array(Make.script.utf8)),
                                             dqt, Make.iccSegment(2, of: 2, Array(profile[50...]))])

        let image = try ImageInspector.inspect(jpeg)

        #expect(image.bytes == Make.jpegImage(segments: [Make.jfif, Make.iccSegment(1, of: 2, Array(profile[..<50])),
                                                         Make.iccSegment(2, of: 2, Array(profile[50...])), dqt]))
    }

    static let profile = Make.iccProfile()
    static let halves = [Array(profile[..<80]), Array(profile[80...])]

    @Test(arguments: [
        Named("the last segment missing", Make.iccSegment(1, of: 2, JPEGInspectionTests.halves[0])),
        Named("the first segment missing", Make.iccSegment(2, of: 2, JPEGInspectionTests.halves[1])),
        Named("out of order", Make.iccSegment(2, of: 2, JPEGInspectionTests.halves[1]) + Make.iccSegment(1, of: 2, JPEGInspectionTests.halves[0])),
        Named("counts disagreeing", Make.iccSegment(1, of: 2, JPEGInspectionTests.halves[0]) + Make.iccSegment(2, of: 3, JPEGInspectionTests.halves[1])),
        Named("a segment twice", Make.iccSegment(1, of: 2, JPEGInspectionTests.halves[0]) + Make.iccSegment(1, of: 2, JPEGInspectionTests.halves[0]) + Make.iccSegment(2, of: 2, JPEGInspectionTests.halves[1])),
        Named("number 0", Make.iccSegment(0, of: 1, JPEGInspectionTests.profile)),
        Named("count 0", Make.iccSegment(1, of: 0, JPEGInspectionTests.profile)),
        Named("no sequence bytes", Make.segment(0xE2, Array("ICC_PROFILE\0".utf8))),
        Named("not a profile", Make.iccSegment(1, of: 1, Array("not a real profile".utf8))),
        Named("wrong size field", Make.iccSegment(1, of: 1, Make.be32(JPEGInspectionTests.profile.count + 1) + JPEGInspectionTests.profile.dropFirst(4))),
        Named("no acsp", Make.iccSegment(1, of: 1, Array(JPEGInspectionTests.profile[..<36]) + Array("xxxx".utf8) + JPEGInspectionTests.profile[40...])),
        Named("a second profile after the first", Make.iccSegment(1, of: 1, JPEGInspectionTests.profile) + Make.iccSegment(1, of: 1, JPEGInspectionTests.profile)),
    ])
    func inconsistentOrMalformedProfileSegmentsAreAllDropped(segments: Named) throws {
        let image = try ImageInspector.inspect(Make.jpegImage(segments: [Make.jfif, segments.bytes]))

        #expect(image.bytes == Make.jpegImage(segments: [Make.jfif]))
    }

    @Test func aProfileOver64KiBIsDroppedEvenWhenWhole() throws {
        let profile = Make.iccProfile(padding: 64 * 1024)
        let parts = [Array(profile[..<60_000]), Array(profile[60_000...])]
        let jpeg = Make.jpegImage(segments: [Make.jfif, Make.iccSegment(1, of: 2, parts[0]), Make.iccSegment(2, of: 2, parts[1])])

        #expect(try ImageInspector.inspect(jpeg).bytes == Make.jpegImage(segments: [Make.jfif]))
    }

    // MARK: Other segments

    @Test(arguments: [0xE1, 0xE2, 0xE3, 0xE7, 0xEC, 0xED, 0xEF, 0xFE] as [UInt8])
    func otherApplicationSegmentsAndCommentsAreDropped(marker: UInt8) throws {
        let jpeg = Make.jpegImage(segments: [Make.jfif, Make.segment(marker, Array("\(Make.location) \(Make.script)".utf8))])

        #expect(try ImageInspector.inspect(jpeg).bytes == Make.jpegImage(segments: [Make.jfif]))
    }

    @Test func aJFXXThumbnailAPP0IsDropped() throws {
        let jpeg = Make.jpegImage(segments: [Make.jfif, Make.segment(0xE0, Array("JFXX\0".utf8) + [0x10] + Make.jpeg())])

        #expect(try ImageInspector.inspect(jpeg).bytes == Make.jpegImage(segments: [Make.jfif]))
    }

    @Test(arguments: [
        Named("DC bounds reversed", [0x00, 0x12]),
        Named("AC value 0", [0x10, 0x00]),
        Named("AC value 64", [0x10, 0x40]),
        Named("class 2", [0x20, 0x05]),
        Named("destination 4", [0x04, 0x00]),
        Named("odd length", [0x00]),
        Named("more entries than tables", [UInt8](repeating: 0x10, count: 18)),
    ])
    func arithmeticConditioningOutOfRangeIsMalformed(payload: Named) {
        #expect(throws: ImageRejection.malformed) {
            try ImageInspector.inspect(Make.jpegImage(segments: [Make.segment(0xCC, payload.bytes)]))
        }
    }

    @Test func validArithmeticConditioningIsKept() throws {
        let jpeg = Make.jpegImage(segments: [Make.segment(0xCC, [0x00, 0x10, 0x11, 0x05, 0x13, 0x3F])])

        #expect(try ImageInspector.inspect(jpeg).bytes == jpeg)
    }
}
