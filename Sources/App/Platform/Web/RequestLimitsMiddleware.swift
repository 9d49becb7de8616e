import NIOConcurrencyHelpers
import Vapor

/// Holds every request to what its route declared (`AcceptedBody`) and the query string to fixed
/// bounds, before CSRF checks or handlers read anything (authentication, just before, reads
/// headers only, so uploads can be refused to strangers unread): a body of the wrong type
/// is refused (415), one too large by its `Content-Length` at once and otherwise as soon as it
/// passes the limit (413), a form with too many fields or parts (413), a broken multipart body
/// (400). Forms are split into fields here, once, in linear time, so the CSRF check never
/// decodes a form it is about to refuse.
struct RequestLimitsMiddleware: AsyncMiddleware {
    /// Longer than any link the site makes (a directory search with every filter is under 4 kB).
    static let maximumQueryBytes = 16 * 1024
    static let maximumQueryParameters = 200
    /// Per parameter name: a filter repeated more often than this is refused by name (422).
    static let maximumValuesPerParameter = 20

    /// How much of a refused body is still read and thrown away: enough that a browser sending a
    /// photo a little over the limit finishes and shows the error page; past it, the connection
    /// is no longer read (an endless body costs the server nothing more).
    static let drainAfterRefusal = 32 * 1024 * 1024

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try checkQuery(request)
        // Without a route the answer is 404 or 405, and the body is never read (the error
        // middleware bounds what is still read of it, as for every refusal).
        if let route = request.route {
            try await admitBody(request, as: route.acceptedBody ?? .nothing)
        }
        return try await next.respond(to: request)
    }

    /// One pass over the raw query: a parameter repeated more than `maximumValuesPerParameter`
    /// times is refused by name (422) whatever the length; otherwise too long or too many is 414.
    /// Only names are decoded here (values are left to whoever reads them).
    private func checkQuery(_ request: Request) throws {
        guard let query = request.url.query, !query.isEmpty else { return }
        var counts: [String: Int] = [:]
        var parameters = 0
        for piece in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            parameters += 1
            let rawName = piece.prefix { $0 != UInt8(ascii: "=") }.prefix(64)
            // `origin[]=SN` and `origin=SN` fill the same list.
            let name = String(URLEncodedFields.decode(Substring(decoding: rawName, as: UTF8.self)).prefix { $0 != "[" })
            let count = counts[name, default: 0] + 1
            counts[name] = count
            if count > Self.maximumValuesPerParameter {
                throw InputValidationError([.init(field: PlainTextRule.visible(name, limit: 40), message: request.t("error.query.tooMany", ["max": "\(Self.maximumValuesPerParameter)"]))])
            }
        }
        guard query.utf8.count <= Self.maximumQueryBytes, parameters <= Self.maximumQueryParameters else { throw Abort(.uriTooLong) }
    }

    private func admitBody(_ request: Request, as accepted: AcceptedBody) async throws {
        guard Self.hasBody(request) else { return }
        if accepted.kind == .nothing {
            // A chunked body may still turn out empty; anything in it is refused.
            if request.body.data == nil, request.headers.first(name: .contentLength) == nil,
               (try await request.eventLoop.flatSubmit({ request.body.collect(max: 1) }).get())?.readableBytes ?? 0 == 0 {
                return
            }
            throw Abort(.payloadTooLarge, reason: "This address takes no request body.")
        }
        if accepted.requiresMember, request.principal == nil { throw SignInRequired() }
        guard accepted.allows(request.headers.contentType) else {
            throw Abort(.unsupportedMediaType, reason: "This address does not take a body of this type.")
        }
        if let declared = request.headers.first(name: .contentLength) {
            guard let length = Int(declared), length >= 0 else { throw Abort(.badRequest, reason: "The Content-Length header is not a number.") }
            guard length <= accepted.maxBytes else { throw Abort(.payloadTooLarge) }
        }
        let body: ByteBuffer
        if let collected = request.body.data {
            body = collected
        } else {
            // Reading stops with 413 as soon as the stream passes the limit (Vapor refuses at the
            // limit itself, so it is given one byte more: exactly the limit is allowed, as with a length).
            guard let streamed = try await request.eventLoop.flatSubmit({ request.body.collect(max: accepted.maxBytes + 1) }).get() else { return }
            body = streamed
        }
        guard body.readableBytes <= accepted.maxBytes else { throw Abort(.payloadTooLarge) }
        switch accepted.kind {
        case .form(let maxFields):
            try Self.parseURLEncoded(body, maxFields: maxFields, into: request)
        case .eitherForm(let maxFields):
            if request.headers.contentType?.type.lowercased() == "multipart" {
                try Self.parseMultipart(body, maxParts: maxFields, into: request)
            } else {
                try Self.parseURLEncoded(body, maxFields: maxFields, into: request)
            }
        case .multipartForm(let maxParts):
            try Self.parseMultipart(body, maxParts: maxParts, into: request)
        case .nothing, .json, .bytes:
            break
        }
    }

    private static func parseURLEncoded(_ body: ByteBuffer, maxFields: Int, into request: Request) throws {
        do {
            request.submittedForm = .urlEncoded(try URLEncodedFields(parsing: body, maxFields: maxFields))
        } catch {
            throw Abort(.payloadTooLarge, reason: "The form has more fields than this page takes.")
        }
    }

    private static func parseMultipart(_ body: ByteBuffer, maxParts: Int, into request: Request) throws {
        guard let boundary = request.headers.contentType.flatMap(MultipartForm.boundary(of:)) else {
            throw Abort(.badRequest, reason: "The multipart body has no usable boundary.")
        }
        do {
            request.submittedForm = .multipart(try MultipartForm(parsing: body, boundary: boundary, maxParts: maxParts))
        } catch MultipartForm.Refusal.tooLarge {
            throw Abort(.payloadTooLarge, reason: "The form has more or larger parts than this page takes.")
        } catch {
            throw Abort(.badRequest, reason: "The multipart body is not well formed.")
        }
    }

    static func hasBody(_ request: Request) -> Bool {
        if let data = request.body.data { return data.readableBytes > 0 }
        if let length = request.headers.first(name: .contentLength) { return length != "0" }
        return request.headers.contains(name: .transferEncoding)
    }
}

extension Request {
    /// For a body that will not be used: reads at most `budget` more bytes of it, then stops
    /// reading the connection altogether (the server's idle timeout closes it). Left alone, the
    /// server would read and discard a refused body to its end, however long a client sends.
    func stopReadingBody(after budget: Int) {
        guard body.data == nil else { return }
        let read = NIOLockedValueBox(0)
        let eventLoop = self.eventLoop
        body.drain { result in
            guard case .buffer(let buffer) = result else { return eventLoop.makeSucceededVoidFuture() }
            let total = read.withLockedValue { count in
                count += buffer.readableBytes
                return count
            }
            // A failed write tells the request decoder to stop asking the socket for more.
            return total > budget ? eventLoop.makeFailedFuture(Abort(.payloadTooLarge)) : eventLoop.makeSucceededVoidFuture()
        }
    }
}

/// A page form's fields as `RequestLimitsMiddleware` split them.
enum SubmittedForm: Sendable {
    case urlEncoded(URLEncodedFields)
    case multipart(MultipartForm)

    func value(_ name: String) -> String? {
        switch self {
        case .urlEncoded(let fields): fields.value(name)
        case .multipart(let form): form.value(name)
        }
    }

    /// How many fields have this name (`a[]`-style names included).
    func count(_ name: String) -> Int {
        switch self {
        case .urlEncoded(let fields): fields.fields.filter { $0.name == name || $0.name.hasPrefix(name + "[") }.count
        case .multipart(let form): form.parts.filter { $0.name == name || $0.name.hasPrefix(name + "[") }.count
        }
    }
}

extension Request {
    private struct SubmittedFormKey: StorageKey { typealias Value = SubmittedForm }

    /// The form this request posted, when its route accepts a form (nil otherwise).
    var submittedForm: SubmittedForm? {
        get { storage[SubmittedFormKey.self] }
        set { storage[SubmittedFormKey.self] = newValue }
    }

    /// The uploaded multipart form, for the routes that accept one.
    var multipartForm: MultipartForm? {
        if case .multipart(let form) = submittedForm { return form }
        return nil
    }
}
