import NIOConcurrencyHelpers

/// The data files shipped with a release (catalogs, reference lists, common passwords), parsed once
/// per process and shared by every `Application` it builds: they do not change while the release
/// runs, and a test process builds hundreds of applications.
enum ShippedFiles {
    private static let parsed = NIOLockedValueBox<[String: any Sendable]>([:])

    /// The value `load` makes of the file or folder at `path`, made the first time it is asked for.
    /// A failed load is not kept, so the next start reports it again.
    static func parse<Value: Sendable>(_ path: String, with load: (String) throws -> Value) throws -> Value {
        let key = "\(Value.self) \(path)"
        if let value = parsed.withLockedValue({ $0[key] }) as? Value { return value }
        let value = try load(path)
        parsed.withLockedValue { $0[key] = value }
        return value
    }
}
