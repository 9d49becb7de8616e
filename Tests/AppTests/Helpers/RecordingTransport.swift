@testable import App
import NIOConcurrencyHelpers

/// A mail server stand-in: refuses while told to, records what it accepts.
final class RecordingTransport: MailTransport, @unchecked Sendable {
    struct Refusal: MailDeliveryError {
        let isTransient: Bool
    }

    private let state = NIOLockedValueBox<(sent: [Mail], refusalsLeft: Int, permanent: Bool)>(([], 0, false))

    var sent: [Mail] { state.withLockedValue { $0.sent } }

    func refuse(times: Int, permanently: Bool = false) {
        state.withLockedValue { $0.refusalsLeft = times; $0.permanent = permanently }
    }

    func deliver(_ mail: Mail, from sender: MailAddress) async throws {
        try state.withLockedValue { state in
            if state.refusalsLeft > 0 {
                state.refusalsLeft -= 1
                throw Refusal(isTransient: !state.permanent)
            }
            state.sent.append(mail)
        }
    }
}

extension Mail {
    /// The names the outbox's table gives these, so a test reads a sent mail as it reads a queued one.
    var toAddress: String { to.address }
    var textBody: String { text }
    var htmlBody: String? { html }
}
