import Foundation
import Vapor

extension Request {
    /// How a page writes dates and times: in the page's language and the signed-in member's
    /// time zone (UTC for visitors, whose zone the server does not know).
    public func dateFormatter(date: DateFormatter.Style, time: DateFormatter.Style) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: appLocale.rawValue)
        formatter.dateStyle = date
        formatter.timeStyle = time
        formatter.timeZone = principal?.timeZone ?? TimeZone(identifier: "UTC")!
        return formatter
    }
}
