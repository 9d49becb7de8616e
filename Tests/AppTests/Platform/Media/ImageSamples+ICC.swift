@testable import App

/// Builders for the ICC colour profiles images embed.
extension ImageInspectorTests.Make {
    /// A well-formed ICC profile header (ICC.1:2022 7.2) and `tags` XYZ tags, padded by `padding` bytes.
    static func iccProfile(tags: Int = 1, padding: Int = 0) -> [UInt8] {
        let tableEnd = 128 + 4 + 12 * tags
        let size = tableEnd + 20 * tags + padding
        var header = be32(size) + Array("none".utf8) + [4, 0x40, 0, 0] + Array("mntrRGB XYZ ".utf8)
        header += [UInt8](repeating: 0, count: 12) + Array("acsp".utf8)
        header += [UInt8](repeating: 0, count: 128 - header.count)
        var table = be32(tags)
        for k in 0..<tags { table += Array("wtpt".utf8) + be32(tableEnd + 20 * k) + be32(20) }
        // D50 white as an XYZType: signature, 4 reserved bytes, three s15Fixed16 numbers.
        var xyz = Array("XYZ ".utf8) + [0, 0, 0, 0]
        xyz += be32(0xF351) + be32(0x1_0000) + be32(0x1_16CC)
        let data = [[UInt8]](repeating: xyz, count: tags).joined()
        return header + table + data + [UInt8](repeating: 0, count: padding)
    }

    /// One APP2 segment of an ICC profile split over `count` segments.
    static func iccSegment(_ number: Int, of count: Int, _ part: [UInt8]) -> [UInt8] {
        segment(0xE2, Array("ICC_PROFILE\0".utf8) + [UInt8(number), UInt8(count)] + part)
    }
}
