import Foundation
import Logging

/// The default log format: one line per event, `time level label: message key=value …`, with
/// every value that is not a plain word quoted and escaped (logfmt style), so nothing a client
/// sends — a request id, a path, an address — can add fields or lines to the log.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, level: Logger.Level, write: @escaping @Sendable (String) -> Void = LogLines.standardError) {
        self.label = label
        self.logLevel = level
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = "\(LogLines.timestamp()) \(event.level.rawValue) \(label): \(Self.escaped(event.message.description))"
        for (key, value) in LogLines.metadata(metadata, metadataProvider, event.metadata).sorted(by: { $0.key < $1.key }) {
            line += " \(Self.quoted(key))=\(Self.quoted(Self.plain(value)))"
        }
        write(line + "\n")
    }

    /// A value as is when it is a plain word, otherwise in double quotes with `"`, `\` and every
    /// control character escaped.
    static func quoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "\\" && scalar != "="
        }
        if plain { return text }
        return "\"" + escaped(text) + "\""
    }

    /// Text that keeps its spaces but can never end the line or start a fake one.
    private static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                    || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    private static func plain(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): "[" + values.map(plain).joined(separator: ", ") + "]"
        case .dictionary(let values): "[" + values.sorted { $0.key < $1.key }.map { "\($0.key): \(plain($0.value))" }.joined(separator: ", ") + "]"
        }
    }
}
