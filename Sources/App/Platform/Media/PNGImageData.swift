import Foundation

extension ImageInspector.PNG {
    /// The rows a PNG header implies, so the inflated image data can be checked against them
    /// (its exact length, each row's filter-type byte) as it streams past, without keeping it.
    struct Scanlines {
        /// For each non-empty pass in order: bytes per row, filter-type byte included, and rows.
        let passes: [(rowSize: Int, rows: Int)]

        var byteCount: Int { passes.reduce(0) { $0 + $1.rowSize * $1.rows } }

        /// Spec 8.2: Adam7's seven passes as (first column, first row, column step, row step).
        private static let adam7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]

        init(_ header: Header) {
            let grid = header.interlaced ? Self.adam7 : [(0, 0, 1, 1)]
            passes = grid.compactMap { x, y, xStep, yStep in
                let columns = header.width > x ? (header.width - x + xStep - 1) / xStep : 0
                let rows = header.height > y ? (header.height - y + yStep - 1) / yStep : 0
                // 8.2: a pass with no columns or no rows has no scanlines at all, not even filter bytes.
                guard columns > 0, rows > 0 else { return nil }
                return (1 + (columns * header.bitsPerPixel + 7) / 8, rows)
            }
        }
    }

    /// The concatenated IDAT data must be one zlib stream that inflates to exactly the scanlines,
    /// each starting with a filter type 0–4 (spec 9.2), and nothing may follow it.
    static func checkImageData(_ compressed: [UInt8], _ scanlines: Scanlines) throws(ImageRejection) {
        let passes = scanlines.passes
        var pieceStart = 0, rowStart = 0, pass = 0, row = 0
        let outcome = try BoundedInflate.inflate(compressed[...], cap: scanlines.byteCount) { piece throws(ImageRejection) in
            let pieceEnd = pieceStart + piece.count
            // The cap keeps every piece inside the scanlines, so a row start here always has a pass.
            while pass < passes.count, rowStart < pieceEnd {
                guard piece[rowStart - pieceStart] <= 4 else { throw .malformed }
                rowStart += passes[pass].rowSize
                row += 1
                if row == passes[pass].rows { (pass, row) = (pass + 1, 0) }
            }
            pieceStart = pieceEnd
        }
        guard outcome == .finished(byteCount: scanlines.byteCount) else { throw .malformed }
    }
}
