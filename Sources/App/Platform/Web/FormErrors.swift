import Vapor

/// What was wrong with a submission: per field, a catalog key (and its arguments). The one way a
/// service reports field errors: pages show each message next to its field (`submitting`), and
/// the error middleware answers them under `/api/` as a 422 problem+json `errors`.
public struct FormErrors: Sendable, Error {
    public struct Entry: Sendable {
        public let field: String
        public let key: String
        public let arguments: [String: String]
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    /// Adds a message for a field; only the first message per field is kept.
    public mutating func add(_ field: String, _ key: String, _ arguments: [String: String] = [:]) {
        guard !entries.contains(where: { $0.field == field }) else { return }
        entries.append(Entry(field: field, key: key, arguments: arguments))
    }

    /// Whether the field's message is this one.
    public func has(_ field: String, _ key: String) -> Bool {
        entries.contains { $0.field == field && $0.key == key }
    }

    /// The messages in the request's language, for pages.
    public func messages(for request: Request) -> [String: String] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.field, request.t($0.key, $0.arguments)) })
    }

    /// The problem+json form, for the API (field names are the JSON body's).
    public func validationError(for request: Request) -> InputValidationError {
        InputValidationError(entries.map { Problem.FieldError(field: $0.field, message: request.t($0.key, $0.arguments)) })
    }
}

/// One field of a form as its partial renders it: label and hint are catalog keys; value and
/// error are text (escaped by Leaf).
public struct FormField: Encodable, Sendable {
    public struct Option: Encodable, Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    let name: String
    /// The element id is `f-` + this; it differs from `name` when several inputs share a name.
    let id: String
    let type: String
    let label: String
    let hint: String?
    let value: String
    let error: String?
    let autocomplete: String?
    let required: Bool
    let checked: Bool
    let options: [Option]
    let isCheckbox: Bool
    let isSelect: Bool
    let isTextarea: Bool
    /// The ids of the hint and error, for `aria-describedby`.
    let describedBy: String?

    public init(
        name: String, type: String = "text", label: String, hint: String? = nil, value: String = "",
        errors: [String: String] = [:], autocomplete: String? = nil, required: Bool = true,
        checked: Bool = false, options: [(value: String, label: String)] = [], id: String? = nil, showsError: Bool = true
    ) {
        self.name = name
        let id = id ?? name
        self.id = id
        self.type = type
        self.label = label
        self.hint = hint
        // Passwords are never sent back to the browser.
        self.value = type == "password" ? "" : value
        // Inputs that share a name show their error once, on the fieldset around them.
        self.error = showsError ? errors[name] : nil
        self.autocomplete = autocomplete
        self.required = required
        self.checked = checked
        self.options = options.map { Option(value: $0.value, label: $0.label, selected: $0.value == value) }
        self.isCheckbox = type == "checkbox"
        self.isSelect = type == "select"
        self.isTextarea = type == "textarea"
        let ids = [hint.map { _ in "f-\(id)-hint" }, error.map { _ in "f-\(id)-error" }].compactMap { $0 }
        self.describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
    }
}

extension Request {
    /// Runs a page's form action: the `FormErrors` a service throws come back to the form, which
    /// `showForm` renders again with what was typed, answered 422. (The API needs nothing of the
    /// kind: the error middleware answers `FormErrors` as a 422 problem.)
    public func submitting(
        _ action: () async throws -> Response, orShowForm showForm: (FormErrors) async throws -> Response
    ) async throws -> Response {
        do {
            return try await action()
        } catch let errors as FormErrors {
            let response = try await showForm(errors)
            response.status = .unprocessableEntity
            return response
        }
    }
}
