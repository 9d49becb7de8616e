import Vapor

/// What a route takes as its request body: the media type, the most bytes and, for forms, the
/// most fields or parts. Every route states it when it is registered, and `RequestLimitsMiddleware`
/// refuses anything else before a byte of it is parsed, so no body can cost more than its route
/// allows (a form of 50,000 tiny parts once took minutes of a core).
public struct AcceptedBody: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// No body at all (reading pages, `DELETE`).
        case nothing
        /// `application/x-www-form-urlencoded`, at most this many fields (repeats count).
        case form(maxFields: Int)
        /// `multipart/form-data`, only where a file is uploaded: at most this many parts.
        case multipartForm(maxParts: Int)
        /// A small form in either encoding, for a route that clients other than our pages post
        /// (RFC 8058's one-click unsubscribe: mail providers send `multipart/form-data` or
        /// `application/x-www-form-urlencoded`): at most this many fields or parts.
        case eitherForm(maxFields: Int)
        /// `application/json`.
        case json
        /// The raw bytes of an upload, as one of these media types (`image/*` allows any image type).
        case bytes(mediaTypes: [HTTPMediaType])
    }

    public let kind: Kind
    public let maxBytes: Int
    /// Uploads are large: only a signed-in caller's body is read at all (anyone else gets the
    /// sign-in answer before a byte is collected).
    public let requiresMember: Bool

    init(kind: Kind, maxBytes: Int, requiresMember: Bool = false) {
        self.kind = kind
        self.maxBytes = maxBytes
        self.requiresMember = requiresMember
    }

    public static let nothing = AcceptedBody(kind: .nothing, maxBytes: 0)

    /// A page's ordinary form: sign-in, settings, a button. A few kilobytes hold any of them.
    public static func form(maxBytes: Int = 8 * 1024, maxFields: Int = 16) -> AcceptedBody {
        AcceptedBody(kind: .form(maxFields: maxFields), maxBytes: maxBytes)
    }

    /// A small form posted in either encoding by outside clients (see `Kind.eitherForm`).
    public static func eitherForm(maxBytes: Int = 8 * 1024, maxFields: Int = 16) -> AcceptedBody {
        AcceptedBody(kind: .eitherForm(maxFields: maxFields), maxBytes: maxBytes)
    }

    /// A page's form that uploads a file of at most `maxFileBytes`, with a few small text fields.
    public static func fileUpload(maxFileBytes: Int, maxParts: Int = 4) -> AcceptedBody {
        AcceptedBody(kind: .multipartForm(maxParts: maxParts), maxBytes: maxFileBytes + maxParts * (MultipartForm.maximumHeaderBytes + MultipartForm.maximumFieldBytes), requiresMember: true)
    }

    /// The most bytes of an ordinary JSON API body (the API document's 413 answer says it).
    public static let defaultJSONMaxBytes = 8 * 1024

    /// A JSON API body.
    public static func json(maxBytes: Int = defaultJSONMaxBytes) -> AcceptedBody {
        AcceptedBody(kind: .json, maxBytes: maxBytes)
    }

    /// An upload sent as the body itself (`PUT` of an image).
    public static func bytes(_ mediaTypes: [HTTPMediaType], maxBytes: Int) -> AcceptedBody {
        AcceptedBody(kind: .bytes(mediaTypes: mediaTypes), maxBytes: maxBytes, requiresMember: true)
    }

    /// Whether a request's `Content-Type` is one this body may have.
    func allows(_ sent: HTTPMediaType?) -> Bool {
        // Media types are case-insensitive (RFC 9110 8.3.1).
        guard let sent else { return false }
        let type = HTTPMediaType(type: sent.type.lowercased(), subType: sent.subType.lowercased())
        switch kind {
        case .nothing: return false
        case .form: return type.type == "application" && type.subType == "x-www-form-urlencoded"
        case .multipartForm: return type.type == "multipart" && type.subType == "form-data"
        case .eitherForm:
            return (type.type == "application" && type.subType == "x-www-form-urlencoded") || (type.type == "multipart" && type.subType == "form-data")
        case .json: return type.type == "application" && type.subType == "json"
        case .bytes(let types):
            return types.contains { $0.type == type.type && ($0.subType == "*" || $0.subType == type.subType) }
        }
    }

    static let userInfoKey = "opendiaspora.acceptedBody"
}

extension Route {
    /// The body this route declared; `nil` for a route registered without `accepting:`.
    public var acceptedBody: AcceptedBody? {
        userInfo[AcceptedBody.userInfoKey] as? AcceptedBody
    }
}

extension RoutesBuilder {
    /// Registers a route that states the body it accepts (see `AcceptedBody`).
    @discardableResult
    public func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: [PathComponent], accepting body: AcceptedBody,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        let route = on(method, path, body: .collect(maxSize: ByteCount(value: max(body.maxBytes, 1))), use: closure)
        route.userInfo[AcceptedBody.userInfoKey] = body
        return route
    }

    @discardableResult
    public func post<Response: AsyncResponseEncodable>(
        _ path: [PathComponent], accepting body: AcceptedBody, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(.POST, path, accepting: body, use: closure)
    }

    @discardableResult
    public func post<Response: AsyncResponseEncodable>(
        _ path: PathComponent..., accepting body: AcceptedBody, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(.POST, path, accepting: body, use: closure)
    }
}

/// A route that changes state but did not say what body it takes: a programming error, found
/// when the application is built rather than by a request.
public struct UndeclaredRequestBody: Error, CustomStringConvertible {
    public let route: String
    public var description: String { "the route \(route) does not declare the body it accepts (register it with `accepting:`)" }

    /// Throws for the first state-changing route without a declaration.
    static func check(_ routes: Routes) throws {
        for route in routes.all where ![.GET, .HEAD, .OPTIONS].contains(route.method) && route.acceptedBody == nil {
            throw UndeclaredRequestBody(route: route.description)
        }
    }
}
