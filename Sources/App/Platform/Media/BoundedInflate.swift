import CZlib

/// Inflates a zlib stream (RFC 1950) through a small fixed buffer with a cap on the output, so
/// checking compressed image data never holds the whole image and a zlib bomb costs no more than the cap.
enum BoundedInflate {
    enum Outcome: Equatable, Sendable {
        /// The stream ended, its Adler-32 matched, and exactly the input was used; `byteCount` came out.
        case finished(byteCount: Int)
        /// More than the cap would come out; inflation stopped at cap + 1 bytes.
        case exceededCap
        /// Not a zlib stream, a broken deflate block, a preset dictionary, or a wrong Adler-32.
        case corrupt
        /// The input ran out before the end of the stream.
        case truncated
        /// Bytes follow the end of the stream.
        case trailingData
    }

    static let bufferSize = 64 * 1024

    /// Inflates `input`, handing the output to `consume` in pieces of at most `bufferSize` bytes
    /// and never more than `cap` + 1 bytes in all. A piece is only valid during the call.
    static func inflate<Failure: Error>(
        _ input: ArraySlice<UInt8>,
        cap: Int,
        consume: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Void
    ) throws(Failure) -> Outcome {
        // avail_in is 32 bits; uploads are far smaller.
        guard input.count <= Int(UInt32.max), cap >= 0 else { return .corrupt }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bufferSize)
        defer { buffer.deallocate() }
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return .corrupt }
        defer { inflateEnd(&stream) }

        // The slice's storage outlives this call; zlib only reads through next_in.
        let status: Result<Outcome, Failure> = input.withUnsafeBufferPointer { bytes in
            stream.next_in = bytes.baseAddress.map { UnsafeMutablePointer(mutating: $0) }
            stream.avail_in = UInt32(bytes.count)
            var total = 0
            while true {
                // Room for one byte past the cap at most, so exceeding it is seen without inflating further.
                let room = min(bufferSize, cap + 1 - total)
                stream.next_out = buffer
                stream.avail_out = UInt32(room)
                let code = CZlib.inflate(&stream, Z_NO_FLUSH)
                let produced = room - Int(stream.avail_out)
                total += produced
                if total > cap { return .success(.exceededCap) }
                if produced > 0 {
                    do throws(Failure) { try consume(UnsafeBufferPointer(start: buffer, count: produced)) } catch {
                        return .failure(error)
                    }
                }
                switch code {
                case Z_STREAM_END:
                    return .success(stream.avail_in == 0 ? .finished(byteCount: total) : .trailingData)
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    // No progress possible and no input left (zlib manual, inflate()).
                    return .success(.truncated)
                default:
                    // Z_DATA_ERROR, Z_NEED_DICT (PNG forbids preset dictionaries, spec 10.1), Z_MEM_ERROR.
                    return .success(.corrupt)
                }
            }
        }
        return try status.get()
    }
}
