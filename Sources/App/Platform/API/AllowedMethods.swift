import Vapor

/// The methods a path answers to, so a request with another method gets 405 and an `Allow`
/// header (RFC 9110 §15.5.6) instead of a 404 that would say the resource does not exist.
enum AllowedMethods {
    static func forPath(_ path: String, in routes: Routes) -> [HTTPMethod] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var methods: [HTTPMethod] = []
        for route in routes.all where matches(route.path, segments) && !methods.contains(route.method) {
            methods.append(route.method)
        }
        if methods.contains(.GET) && !methods.contains(.HEAD) { methods.append(.HEAD) }
        return methods
    }

    private static func matches(_ pattern: [PathComponent], _ segments: [String]) -> Bool {
        if pattern.last == .catchall { return segments.count >= pattern.count - 1 && zip(pattern, segments).allSatisfy(matches) }
        return pattern.count == segments.count && zip(pattern, segments).allSatisfy(matches)
    }

    private static func matches(_ component: PathComponent, _ segment: String) -> Bool {
        switch component {
        case .constant(let value): value == segment
        case .parameter, .anything, .catchall: true
        }
    }
}
