@testable import App
import Foundation
import NIOConcurrencyHelpers

/// A clock that stands still until the test moves it.
final class ManualClock: SiteClock {
    private let current: NIOLockedValueBox<Date>

    init(_ start: Date = Date()) {
        current = NIOLockedValueBox(start)
    }

    var now: Date { current.withLockedValue { $0 } }

    func advance(by interval: TimeInterval) {
        current.withLockedValue { $0 = $0.addingTimeInterval(interval) }
    }

    func set(_ date: Date) {
        current.withLockedValue { $0 = date }
    }
}
