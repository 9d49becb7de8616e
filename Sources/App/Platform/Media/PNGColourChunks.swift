import Foundation

extension ImageInspector.PNG {
    /// Whether to keep one of the colour chunks, each checked for its length and meaning so that
    /// none can carry anything else: refused when its length is wrong, dropped when its content is.
    static func keepsColourChunk(
        _ type: String, _ data: ArraySlice<UInt8>, _ header: Header, paletteEntries: Int
    ) throws(ImageRejection) -> Bool {
        switch type {
        case "tRNS":
            // 11.3.2.1: one grey sample, one RGB sample, or one alpha per palette entry at most (after PLTE).
            let valid = switch header.colourType {
            case 0: data.count == 2
            case 2: data.count == 6
            case 3: paletteEntries > 0 && (1...paletteEntries).contains(data.count)
            default: false  // colour types 4 and 6 have an alpha channel already
            }
            guard valid else { throw .malformed }
            return true
        case "sRGB":
            // 11.3.3.5: one rendering intent, 0–3.
            guard data.count == 1 else { throw .malformed }
            return data[data.startIndex] <= 3
        case "gAMA":
            // 11.3.3.2: gamma × 100000; zero would divide by zero.
            guard data.count == 4 else { throw .malformed }
            return data.contains { $0 != 0 }
        case "cHRM":
            // 11.3.3.1: white point and three primaries, eight 4-byte values.
            guard data.count == 32 else { throw .malformed }
            return true
        case "iCCP":
            return embedsWellFormedProfile(data)
        default:
            return false
        }
    }

    /// 11.3.3.3: a profile name of 1–79 Latin-1 printable bytes, NUL, compression method 0, then
    /// the zlib-compressed profile. Inflation stops one byte past the size limit.
    private static func embedsWellFormedProfile(_ data: ArraySlice<UInt8>) -> Bool {
        guard let nul = data.prefix(80).firstIndex(of: 0) else { return false }
        let name = data[data.startIndex..<nul]
        guard (1...79).contains(name.count), name.allSatisfy({ (32...126).contains($0) || $0 >= 161 }),
              data.index(after: nul) < data.endIndex, data[data.index(after: nul)] == 0 else { return false }
        var profile: [UInt8] = []
        let outcome = BoundedInflate.inflate(data[(nul + 2)...], cap: ImageInspector.ICCProfile.maximumByteCount) { piece in
            profile += piece
        }
        return outcome == .finished(byteCount: profile.count) && ImageInspector.ICCProfile.isWellFormed(profile)
    }
}
