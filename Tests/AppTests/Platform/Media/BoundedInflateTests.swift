@testable import App
import Testing

@Suite("Bounded inflation")
struct BoundedInflateTests {
    typealias Make = ImageInspectorTests.Make

    private static let text = Array(String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 5000).utf8)

    /// The outcome, every byte handed out, and the largest piece.
    private static func inflate(_ input: [UInt8], cap: Int) -> (BoundedInflate.Outcome, [UInt8], Int) {
        var output: [UInt8] = [], largest = 0
        let outcome = BoundedInflate.inflate(input[...], cap: cap) { piece in
            output += piece
            largest = max(largest, piece.count)
        }
        return (outcome, output, largest)
    }

    @Test func aWholeStreamComesOutInSmallPieces() {
        let (outcome, output, largest) = Self.inflate(Make.zlib(Self.text), cap: Self.text.count)

        #expect(outcome == .finished(byteCount: Self.text.count))
        #expect(output == Self.text)
        #expect(largest <= BoundedInflate.bufferSize)
    }

    @Test func aBombStopsOneBytePastTheCap() {
        let bomb = Make.zlib([UInt8](repeating: 0, count: 16 * 1024 * 1024))

        let (outcome, output, _) = Self.inflate(bomb, cap: 64 * 1024)

        #expect(outcome == .exceededCap)
        #expect(output.count <= 64 * 1024)
    }

    @Test func exactlyTheCapIsWithinIt() {
        #expect(Self.inflate(Make.zlib(Self.text), cap: Self.text.count - 1).0 == .exceededCap)
        #expect(Self.inflate(Make.zlib(Self.text), cap: Self.text.count).0 == .finished(byteCount: Self.text.count))
    }

    @Test func brokenStreamsAreToldApart() {
        let stream = Make.zlib(Self.text)
        var wrongChecksum = stream
        wrongChecksum[wrongChecksum.count - 1] ^= 0xFF
        // FDICT set, with a valid header check (RFC 1950 2.2: CMF × 256 + FLG is a multiple of 31).
        let presetDictionary: [UInt8] = [0x78, 0xBB, 0, 0, 0, 1, 0x03, 0x00]

        #expect(Self.inflate(Array(stream.dropLast(10)), cap: 1 << 20).0 == .truncated)
        #expect(Self.inflate([], cap: 1 << 20).0 == .truncated)
        #expect(Self.inflate(stream + [0], cap: 1 << 20).0 == .trailingData)
        #expect(Self.inflate(wrongChecksum, cap: 1 << 20).0 == .corrupt)
        #expect(Self.inflate(Array("<html>".utf8), cap: 1 << 20).0 == .corrupt)
        #expect(Self.inflate(presetDictionary, cap: 1 << 20).0 == .corrupt)
    }

    @Test func anErrorThrownByTheConsumerStopsInflation() {
        var pieces = 0

        #expect(throws: ImageRejection.malformed) {
            _ = try BoundedInflate.inflate(Make.zlib([UInt8](repeating: 7, count: 1 << 20))[...], cap: 1 << 20) { _ throws(ImageRejection) in
                pieces += 1
                throw .malformed
            }
        }
        #expect(pieces == 1)
    }
}
