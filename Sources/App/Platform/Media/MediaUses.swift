import Fluent
import Vapor

/// Who a stored file is shown to, as the features that store files say: each registers a look-up
/// that names the things showing the file (a profile's photo, later an organization's logo), with
/// their audience. `/media` serves a file only to a viewer who may see one of them, so a file no
/// longer shown anywhere is gone at once, and one shown only to members is not for visitors.
public typealias MediaUseLookup = @Sendable (_ hash: String, _ database: any Database) async throws -> [AudienceSubject]

extension Application {
    private struct MediaUsesKey: StorageKey { typealias Value = [MediaUseLookup] }

    /// Every feature's look-up, registered in its `prepare`.
    public internal(set) var mediaUses: [MediaUseLookup] {
        get { storage[MediaUsesKey.self] ?? [] }
        set { storage[MediaUsesKey.self] = newValue }
    }

    public func registerMediaUse(_ lookup: @escaping MediaUseLookup) {
        mediaUses.append(lookup)
    }
}
