import Vapor

/// An RFC 9457 problem document, the body of every error answered under `/api/`.
public struct Problem: Content, Sendable, Equatable {
    /// One wrong input, named so a client can show the message next to its field.
    public struct FieldError: Codable, Sendable, Equatable {
        public let field: String
        public let message: String
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public static let mediaType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var instance: String?
    public var requestID: String?
    public var errors: [FieldError]?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, instance, errors
        case requestID = "request_id"
    }

    public init(status: HTTPResponseStatus, detail: String? = nil, instance: String? = nil, requestID: String? = nil, errors: [FieldError]? = nil) {
        self.type = "about:blank"
        self.title = status.reasonPhrase
        self.status = Int(status.code)
        self.detail = detail
        self.instance = instance
        self.requestID = requestID
        self.errors = errors
    }
}

/// Input the platform refused before any feature ran (request limits, query bounds), with its
/// messages already in the request's language: answered as 422 with a message per field, as
/// problem+json for the API. Services report field errors as `FormErrors` instead, which the
/// error middleware turns into this.
public struct InputValidationError: Error, Sendable {
    public let fields: [Problem.FieldError]
    public init(_ fields: [Problem.FieldError]) {
        self.fields = fields
    }
}
