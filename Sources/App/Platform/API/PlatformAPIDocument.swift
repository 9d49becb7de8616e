import Foundation

/// The platform's part of the API document: its header, the document's own path, the security
/// schemes, problem+json and the answers every feature's operations share (413, 414, 415, 422, 429…),
/// with the limits `RequestLimitsMiddleware` and `AcceptedBody` apply, and the live event stream.
enum PlatformAPIDocument {
    static let part = APIDocumentPart("platform", json: #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "OpenDiaspora API",
            "version": "1.0.0",
            "description": "Everything a member can do on the site, as JSON. Authenticate with a personal access token (`Authorization: Bearer odp_…`, created at `/account` or `POST /api/v1/tokens`) or with the session cookie set by `POST /api/v1/auth/login`; cookie-authenticated requests that change state must send the `X-CSRF-Token` header. Errors are `application/problem+json` (RFC 9457)."
          },
          "servers": [{"url": "/"}],
          "paths": {
            "/api/v1/openapi.json": {
              "get": {
                "operationId": "openAPIDocument",
                "tags": ["meta"],
                "summary": "This document.",
                "security": [{}],
                "responses": {
                  "200": {
                    "description": "The OpenAPI document.",
                    "content": {"application/json": {"schema": {"type": "object"}}}
                  },
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              }
            },
            "/api/v1/events": {
              "get": {
                "operationId": "liveEvents",
                "tags": ["live"],
                "summary": "Your live events, as server-sent events, for as long as you stay connected.",
                "description": "A `text/event-stream` (the format of the browser's `EventSource`) that stays open. Each event has `id:` (resume from it), `event:` (its kind, such as `badge`) and `data:` (a JSON object; a `badge` event is `{\"name\": …, \"count\": …}`, the other kinds are described with the features that send them). A fresh connection sends nothing old: it starts with `retry:` and an `id:` line giving where it stands. To resume after a disconnection send the last id seen as `Last-Event-ID` (browsers do) or `after`: everything since then follows, unless it was older than \#(Int(LiveEventLog.retention / 3600)) hours, in which case one `event: reset` says to reload instead. A comment line comes every \#(Int(LiveDelivery.heartbeatInterval.components.seconds)) seconds when nothing else does. At most \#(LiveHub.maximumPerMember) streams of one member stay open on one server: a further one closes the oldest, which first receives `event: closed` (do not reconnect it).",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [
                  {"name": \#(OpenAPIText.string(LiveStreamController.afterKey)), "in": "query", "required": false, "schema": {"type": "integer", "minimum": 0}, "description": "Resume after this event id (as `Last-Event-ID`, which wins when both are sent)."},
                  {"name": \#(OpenAPIText.string(LiveStreamController.lastEventIDHeader)), "in": "header", "required": false, "schema": {"type": "integer", "minimum": 0}, "description": "The id of the last event received; sent by browsers when they reconnect."}
                ],
                "responses": {
                  "200": {
                    "description": "The stream; it ends when the server shuts down (reconnect and resume) or when a newer stream of yours replaced it (`event: closed`).",
                    "content": {"text/event-stream": {"schema": {"type": "string"}}}
                  },
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/InvalidFields"},
                  "503": {
                    "description": "This server has as many live streams open as it accepts; try again after `Retry-After` seconds.",
                    "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}, "description": "Seconds to wait."}},
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  }
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "bearerAuth": {"type": "http", "scheme": "bearer", "description": "A personal access token (`odp_…`)."},
              "sessionCookie": {
                "type": "apiKey",
                "in": "cookie",
                "name": \#(OpenAPIText.string(SessionCookie.sessionName)),
                "description": "Set by `POST /api/v1/auth/login`; send `X-CSRF-Token` with state-changing requests."
              }
            },
            "parameters": {
              "CSRFToken": {
                "name": \#(OpenAPIText.string(CSRFMiddleware.header)),
                "in": "header",
                "required": false,
                "schema": {"type": "string"},
                "description": "Required when the request is authenticated by the session cookie (the `csrfToken` returned at sign-in); not needed with a bearer token."
              }
            },
            "responses": {
              "BadJSON": {
                "description": "The body is not valid JSON, or a field has the wrong type; `errors` names the field.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "UnknownBearerToken": {
                "description": "A bearer token was sent and is unknown or revoked.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "NotSignedIn": {
                "description": "Not signed in, or the bearer token is unknown, revoked, or belongs to a suspended member.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "MissingCSRFToken": {
                "description": "Signed in by session cookie without the matching `X-CSRF-Token` header.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "UnexpectedBody": {
                "description": "A body was sent, and this operation takes none.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "JSONBodyTooLarge": {
                "description": "The body is larger than this operation accepts (\#(OpenAPIText.size(AcceptedBody.defaultJSONMaxBytes))): refused before any of it is parsed (a larger `Content-Length` at once).",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "QueryTooLarge": {
                "description": "The query string is longer than \#(OpenAPIText.size(RequestLimitsMiddleware.maximumQueryBytes)) or has more than \#(RequestLimitsMiddleware.maximumQueryParameters) parameters.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "NotJSON": {
                "description": "The body is not `application/json`.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "RepeatedQueryParameter": {
                "description": "A query parameter is repeated more than \#(RequestLimitsMiddleware.maximumValuesPerParameter) times; `errors` names it.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "InvalidFields": {
                "description": "Some fields are invalid; `errors` has a message per field; also a query parameter repeated more than \#(RequestLimitsMiddleware.maximumValuesPerParameter) times, named in `errors`.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "TooManyAttempts": {
                "description": "Too many attempts; wait for `Retry-After` seconds.",
                "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}, "description": "Seconds to wait."}},
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              }
            },
            "schemas": {
              "Problem": {
                "type": "object",
                "required": ["type", "title", "status"],
                "properties": {
                  "type": {"type": "string"},
                  "title": {"type": "string"},
                  "status": {"type": "integer"},
                  "detail": {"type": "string"},
                  "instance": {"type": "string"},
                  "request_id": {"type": "string"},
                  "errors": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": ["field", "message"],
                      "properties": {"field": {"type": "string"}, "message": {"type": "string"}}
                    }
                  }
                }
              },
              "Locale": {"type": "string", "enum": \#(OpenAPIText.cases(AppLocale.self))}
            }
          }
        }
        """#)
}
