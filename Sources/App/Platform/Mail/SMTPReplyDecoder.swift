import NIOCore

/// One complete, possibly multi-line, server reply.
struct SMTPReply: Sendable, Equatable {
    var code: Int
    /// Text of each line without the code and separator.
    var lines: [String]
    /// Bytes were already buffered behind this reply; after STARTTLS's 220 that means a plaintext injection attempt.
    var followedByData: Bool = false

    /// Short, single-line, control-character-free text that is safe to put into errors and logs.
    var sanitizedText: String {
        let joined = self.lines.joined(separator: " ")
        let cleaned = String(String.UnicodeScalarView(joined.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        return cleaned.count > 200 ? String(cleaned.prefix(200)) + "..." : cleaned
    }
}

/// Frames the byte stream into `SMTPReply` values, joining `250-` continuation lines with their final `250 ` line.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// Bounds memory use against a misbehaving server (RFC 5321 replies are at most 512 bytes per line).
    static let maximumReplySize = 64 * 1024

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        var scan = buffer
        var code: Int?
        var lines: [String] = []
        while let newline = scan.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - scan.readerIndex
            var lineBytes = scan.readSlice(length: length)!
            scan.moveReaderIndex(forwardBy: 1)
            if lineBytes.readableBytesView.last == UInt8(ascii: "\r") {
                lineBytes.moveWriterIndex(to: lineBytes.writerIndex - 1)
            }
            let line = lineBytes.readString(length: lineBytes.readableBytes) ?? ""
            let (lineCode, isFinal, text) = try Self.parse(line: line)
            if let code, code != lineCode {
                throw SMTPError.protocolViolation("reply lines carry different codes \(code) and \(lineCode)")
            }
            code = lineCode
            lines.append(text)
            if isFinal {
                buffer = scan
                let reply = SMTPReply(code: lineCode, lines: lines, followedByData: buffer.readableBytes > 0)
                context.fireChannelRead(Self.wrapInboundOut(reply))
                return .continue
            }
        }
        if buffer.readableBytes > Self.maximumReplySize {
            throw SMTPError.protocolViolation("reply exceeds \(Self.maximumReplySize) bytes")
        }
        return .needMoreData
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while case .continue = try self.decode(context: context, buffer: &buffer) {}
        // A truncated reply at EOF is reported as a closed connection by the client handler, not as a decoding error.
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }

    static func parse(line: String) throws -> (code: Int, isFinal: Bool, text: String) {
        let utf8 = Array(line.utf8)
        guard utf8.count >= 3, utf8[0...2].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let code = Int(String(decoding: utf8[0...2], as: UTF8.self)), (200...599).contains(code)
        else {
            throw SMTPError.protocolViolation("malformed reply line")
        }
        if utf8.count == 3 {
            return (code, true, "")
        }
        let separator = utf8[3]
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw SMTPError.protocolViolation("malformed reply line")
        }
        let text = String(decoding: utf8[4...], as: UTF8.self)
        return (code, separator == UInt8(ascii: " "), text)
    }
}
