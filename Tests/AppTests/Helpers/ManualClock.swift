@testable import App
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor

/// A clock that only the test moves. Each reading is one microsecond after the one before, so
/// things made one after another keep their order as with a real clock, while a whole test
/// spans well under a second of its time.
final class ManualClock: SiteClock {
    private let current: NIOLockedValueBox<Date>

    /// Starts at `start`, or at the real time moved just past a five-minute boundary when one is
    /// less than a second away: every rate-limit window is a multiple of five minutes, so none
    /// rolls over while a test counts.
    init(_ start: Date? = nil) {
        current = NIOLockedValueBox(start ?? Self.safeStart(Date()))
    }

    static func safeStart(_ date: Date) -> Date {
        let toBoundary = 300 - date.timeIntervalSince1970.truncatingRemainder(dividingBy: 300)
        return toBoundary < 1 ? date.addingTimeInterval(toBoundary + 0.001) : date
    }

    var now: Date {
        current.withLockedValue {
            $0 = $0.addingTimeInterval(0.000_001)
            return $0
        }
    }

    func advance(by interval: TimeInterval) {
        current.withLockedValue { $0 = $0.addingTimeInterval(interval) }
    }

    func set(_ date: Date) {
        current.withLockedValue { $0 = date }
    }
}

extension Application {
    /// The clock `withApp` gives every application, for a test to move.
    var manualClock: ManualClock {
        get throws { try #require(clock as? ManualClock, "withApp sets a ManualClock") }
    }
}
