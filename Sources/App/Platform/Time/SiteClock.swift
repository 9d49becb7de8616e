import Vapor

/// Where the application reads the time. Every rule that depends on time asks it, so a test can
/// move time forward instead of waiting for it to pass.
public protocol SiteClock: Sendable {
    var now: Date { get }
}

/// The machine's clock.
public struct SystemClock: SiteClock {
    public init() {}
    public var now: Date { Date() }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = any SiteClock }

    /// The system clock unless a test has set another.
    public var clock: any SiteClock {
        get { storage[ClockKey.self] ?? SystemClock() }
        set { storage[ClockKey.self] = newValue }
    }
}
