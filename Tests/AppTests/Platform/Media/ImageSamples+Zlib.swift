@testable import App
import CZlib

extension ImageInspectorTests.Make {
    /// zlib's own compression, so the inspector's inflation is checked against an independent encoder.
    static func zlib(_ data: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        let status = compress2(&output, &size, data, uLong(data.count), Z_BEST_COMPRESSION)
        precondition(status == Z_OK)
        return Array(output[..<Int(size)])
    }
}
