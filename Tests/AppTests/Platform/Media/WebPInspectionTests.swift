@testable import App
import Testing

@Suite("WebP inspection")
struct WebPInspectionTests {
    typealias Make = ImageInspectorTests.Make
    typealias Named = ImageInspectorTests.Named

    private static let iccFlag: UInt8 = 0x20

    /// An extended 3×2 WebP with the ICC flag set and `profile` as its ICCP chunk.
    static func withProfile(_ profile: [UInt8]) -> [UInt8] {
        Make.webp([
            Make.riffChunk("VP8X", [iccFlag, 0, 0, 0] + Make.le24(2) + Make.le24(1)),
            Make.riffChunk("ICCP", profile),
            Make.vp8(width: 3, height: 2),
        ])
    }

    @Test func aWellFormedProfileIsKeptWithItsFlag() throws {
        let webp = Self.withProfile(Make.iccProfile())

        #expect(try ImageInspector.inspect(webp).bytes == webp)
    }

    @Test(arguments: [
        Named("not a profile", Array("not a real profile".utf8)),
        Named("HTML", Array("<html><script>alert(1)</script></html>".utf8)),
        Named("wrong size field", Make.be32(10) + Make.iccProfile().dropFirst(4)),
        Named("no acsp", Array(Make.iccProfile()[..<36]) + Array("xxxx".utf8) + Make.iccProfile()[40...]),
        Named("over 64 KiB", Make.iccProfile(padding: 64 * 1024)),
        Named("empty", []),
    ])
    func aMalformedProfileIsDroppedAndItsFlagCleared(profile: Named) throws {
        let image = try ImageInspector.inspect(Self.withProfile(profile.bytes))

        #expect(image.bytes == Make.webpExtended(canvasWidth: 3, canvasHeight: 2, frameWidth: 3, frameHeight: 2, metadata: false))
        #expect(image.bytes[20] & Self.iccFlag == 0)
    }

    @Test func aProfileWithoutItsFlagIsStillMalformed() {
        var webp = Self.withProfile(Make.iccProfile())
        webp[20] = 0

        #expect(throws: ImageRejection.malformed) { try ImageInspector.inspect(webp) }
    }
}
