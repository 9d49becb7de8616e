@testable import App

/// Builders for the EXIF blocks phones write into JPEGs, and what the inspector keeps of them.
extension ImageInspectorTests.Make {
    static let makerNote = "MakerNote serial 0042 lens 26mm"

    /// An APP1 EXIF payload as a phone writes it: IFD0 with the camera make (followed by the location
    /// and a maker note), the orientation when given, and a pointer to a GPS IFD.
    static func exif(orientation: Int?, bigEndian: Bool) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { bigEndian ? be16(v) : le16(v) }
        func u32(_ v: Int) -> [UInt8] { bigEndian ? be32(v) : le32(v) }
        let text = Array("Phone \(location) \(makerNote)\0".utf8)
        let entryCount = orientation == nil ? 2 : 3
        let textAt = 8 + 2 + 12 * entryCount + 4, gpsAt = textAt + text.count
        var ifd0 = u16(entryCount) + u16(0x010F) + u16(2) + u32(text.count) + u32(textAt)
        if let orientation { ifd0 += u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0) }
        ifd0 += u16(0x8825) + u16(4) + u32(1) + u32(gpsAt) + u32(0)
        let gps = u16(1) + u16(0x0001) + u16(2) + u32(2) + Array("N\0\0\0".utf8) + u32(0)
        return Array("Exif\0\0".utf8) + (bigEndian ? Array("MM".utf8) : Array("II".utf8)) + u16(42) + u32(8) + ifd0 + text + gps
    }

    /// What the inspector should emit for an orientation, written out byte by byte.
    static func minimalEXIFSegment(orientation: UInt8) -> [UInt8] {
        segment(0xE1, Array("Exif\0\0".utf8) + [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
                                                0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00,
                                                0x00, 0x00, 0x00, 0x00])
    }

    /// The JFIF APP0 segment without a thumbnail, as the inspector keeps it.
    static let jfif = segment(0xE0, Array("JFIF\0".utf8) + [1, 2, 0, 0, 1, 0, 1, 0, 0])
}
