import Foundation

/// The image types accepted for uploads, named by what their bytes are, never by file name.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case jpeg, png, webp

    public var mediaType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        }
    }
}

/// An upload that passed inspection: its real type and size, and bytes safe to store and serve.
public struct InspectedImage: Sendable, Equatable {
    public let format: ImageFormat
    public let width: Int
    public let height: Int
    /// The image re-emitted without metadata.
    public let bytes: [UInt8]
}

/// Why an upload was refused, precise enough for a helpful message.
public enum ImageRejection: Error, Equatable, Sendable {
    case empty
    /// More than `ImageInspector.maximumByteCount` bytes.
    case tooLarge
    /// Not JPEG, PNG or WebP (a script, HTML, SVG, GIF, ...).
    case unsupportedType
    /// Broken, truncated, lying about lengths or sizes, or followed by junk.
    case malformed
    /// Width or height above `ImageInspector.maximumDimension`.
    case dimensionsTooLarge
    /// Width or height of zero.
    case noDimensions
}

/// Decides what an uploaded image is from its bytes alone and re-emits it without metadata,
/// so a profile photo can carry neither a hidden payload nor its owner's location.
///
/// Pixels are never decoded; the container is parsed completely instead (PNG image data is inflated,
/// within a fixed buffer, to check its length and row filters), and whatever cannot be parsed is
/// refused rather than passed through.
public enum ImageInspector {
    /// The largest image kept.
    public static let maximumByteCount = 5 * 1024 * 1024
    /// The largest upload taken: a phone's motion photo is a JPEG followed by a few seconds of
    /// video, which is cut off; the image left must still be at most `maximumByteCount`.
    public static let maximumUploadByteCount = 16 * 1024 * 1024
    public static let maximumDimension = 4096

    public static func inspect(_ bytes: [UInt8]) throws(ImageRejection) -> InspectedImage {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= maximumUploadByteCount else { throw .tooLarge }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            let image = try JPEG.inspect(bytes)
            guard image.bytes.count <= maximumByteCount else { throw .tooLarge }
            return image
        }
        // Only a JPEG can carry a trailer that is cut off: anything else is judged by its whole size.
        guard bytes.count <= maximumByteCount else { throw .tooLarge }
        if bytes.starts(with: PNG.signature) { return try PNG.inspect(bytes) }
        if bytes.count >= 12, Read.ascii(bytes, 0, 4) == "RIFF", Read.ascii(bytes, 8, 4) == "WEBP" {
            return try WebP.inspect(bytes)
        }
        throw .unsupportedType
    }

    static func checkDimensions(width: Int, height: Int) throws(ImageRejection) {
        guard width > 0, height > 0 else { throw .noDimensions }
        guard width <= maximumDimension, height <= maximumDimension else { throw .dimensionsTooLarge }
    }
}

// MARK: - Byte reading

extension ImageInspector {
    /// Fixed-width reads; every caller has checked the bytes are there.
    enum Read {
        static func be16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
        static func be32(_ b: [UInt8], _ i: Int) -> Int { be16(b, i) << 16 | be16(b, i + 2) }
        static func le16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        static func le24(_ b: [UInt8], _ i: Int) -> Int { le16(b, i) | Int(b[i + 2]) << 16 }
        static func le32(_ b: [UInt8], _ i: Int) -> Int { le16(b, i) | le16(b, i + 2) << 16 }
        static func ascii(_ b: [UInt8], _ i: Int, _ count: Int) -> String {
            String(decoding: b[i..<(i + count)], as: UTF8.self)
        }
        static func isLowercase(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) }
        static func isASCIILetter(_ byte: UInt8) -> Bool { isLowercase(byte) || (0x41...0x5A).contains(byte) }
    }
}
