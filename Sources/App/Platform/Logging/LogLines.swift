import Foundation
import Logging
import NIOConcurrencyHelpers

/// What the text and JSON log handlers share: which metadata an event carries, when it happened,
/// and one writer that never interleaves lines of concurrent requests.
public enum LogLines {
    /// The handler's metadata, then the provider's, then the event's own (later ones win).
    static func metadata(_ handler: Logger.Metadata, _ provider: Logger.MetadataProvider?, _ event: Logger.Metadata?) -> Logger.Metadata {
        var merged = handler
        if let provided = provider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event { merged.merge(own) { _, new in new } }
        return merged
    }

    static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    private static let lock = NIOLock()

    /// Whole lines under one lock.
    public static let standardError: @Sendable (String) -> Void = { line in
        lock.withLock { FileHandle.standardError.write(Data(line.utf8)) }
    }
}
