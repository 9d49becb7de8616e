import Foundation

/// The connections part of the API document (`ConnectionsAPI`): lists of connections, received
/// and sent requests and blocks, and the actions on them, with the bounds `ConnectionLimits` sets.
enum ConnectionsAPIDocument {
    /// A paginated list of the signed-in member's own rows.
    private static func list(_ operationID: String, _ summary: String) -> String {
        #"""
        {
          "get": {
            "operationId": "\#(operationID)",
            "tags": ["connections"],
            "summary": "\#(summary)",
            "security": [{"bearerAuth": []}, {"sessionCookie": []}],
            "parameters": [{
              "name": "cursor",
              "in": "query",
              "required": false,
              "schema": {"type": "string", "maxLength": \#(ConnectionsCursor.maximumEncodedLength)},
              "description": "`nextCursor` of the previous page."
            }],
            "responses": {
              "200": {
                "description": "A page, newest first.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConnectionsPage"}}}
              },
              "401": {"$ref": "#/components/responses/NotSignedIn"},
              "414": {"$ref": "#/components/responses/QueryTooLarge"},
              "422": {
                "description": "A cursor that is not one this list handed out; `errors` names `cursor`; also a parameter repeated more than \#(RequestLimitsMiddleware.maximumValuesPerParameter) times, named in `errors`.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              }
            }
          }
        }
        """#
    }

    /// An action without a body on one of the member's rows; 404 when it is not theirs.
    private static func action(_ method: String, _ operationID: String, _ summary: String, parameter: String, notFound: String) -> String {
        #"""
        "\#(method)": {
          "operationId": "\#(operationID)",
          "tags": ["connections"],
          "summary": "\#(summary)",
          "security": [{"bearerAuth": []}, {"sessionCookie": []}],
          "parameters": [
            {"$ref": "#/components/parameters/CSRFToken"},
            {"name": "\#(parameter)", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}
          ],
          "responses": {
            "204": {"description": "Done."},
            "401": {"$ref": "#/components/responses/NotSignedIn"},
            "403": {"$ref": "#/components/responses/MissingCSRFToken"},
            "404": {
              "description": "\#(notFound)",
              "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
            },
            "413": {"$ref": "#/components/responses/UnexpectedBody"},
            "414": {"$ref": "#/components/responses/QueryTooLarge"},
            "422": {"$ref": "#/components/responses/InvalidFields"}
          }
        }
        """#
    }

    static let part = APIDocumentPart("connections", json: #"""
        {
          "paths": {
            "/api/v1/connections": \#(list("listConnections", "Your connections, most recently connected first.")),
            "/api/v1/connections/{memberID}": {
              \#(action("delete", "removeConnection", "End your connection with a member (either side may).", parameter: "memberID",
                       notFound: "You are not connected to this member."))
            },
            "/api/v1/connection-requests/received": \#(list("listReceivedRequests", "Requests waiting for your answer, newest first.")),
            "/api/v1/connection-requests/sent": \#(list("listSentRequests", "Requests you sent that wait for an answer, newest first. A request the other member declined stays here: declining is never told.")),
            "/api/v1/connection-requests": {
              "post": {
                "operationId": "requestConnection",
                "tags": ["connections"],
                "summary": "Ask a member to connect, with an optional note. Asking a member who already asked you accepts their request.",
                "description": "Needs a verified address. At most \#(ConnectionLimits.openOutgoing) requests waiting at once (declined ones included, since their sender is never told) and \#(ConnectionLimits.newPerDay.limit) new ones a day. Asking again a member you already asked changes nothing and answers the same.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [{"$ref": "#/components/parameters/CSRFToken"}],
                "requestBody": {
                  "required": true,
                  "x-maximum-bytes": \#(ConnectionsAPI.requestBytes),
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConnectionRequestNew"}}}
                },
                "responses": {
                  "201": {
                    "description": "The request waits for an answer (`pending`), or you are now connected (`connected`).",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConnectionRequestResult"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadJSON"},
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {
                    "description": "Your address is not verified yet, or the session's `X-CSRF-Token` header is missing.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "404": {
                    "description": "No such member, or one you cannot ask (suspended, unverified, or blocked either way: the cases are not told apart).",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "413": {
                    "description": "The body is larger than \#(OpenAPIText.size(ConnectionsAPI.requestBytes)).",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "415": {"$ref": "#/components/responses/NotJSON"},
                  "422": {"$ref": "#/components/responses/InvalidFields"},
                  "429": {"$ref": "#/components/responses/TooManyAttempts"}
                }
              }
            },
            "/api/v1/connection-requests/{requestID}/accept": {
              \#(action("post", "acceptConnectionRequest", "Accept a request you received.", parameter: "requestID",
                       notFound: "No such request waiting for your answer."))
            },
            "/api/v1/connection-requests/{requestID}/decline": {
              \#(action("post", "declineConnectionRequest", "Decline a request you received; its sender is not told.", parameter: "requestID",
                       notFound: "No such request waiting for your answer."))
            },
            "/api/v1/connection-requests/{requestID}/withdraw": {
              \#(action("post", "withdrawConnectionRequest", "Withdraw a request you sent.", parameter: "requestID",
                       notFound: "No such request of yours waiting for an answer."))
            },
            "/api/v1/blocks": \#(list("listBlocks", "The members you block, most recently blocked first.")),
            "/api/v1/blocks/{memberID}": {
              \#(action("put", "blockMember", "Block a member: silently, ending any connection and request between you. Blocking again changes nothing.", parameter: "memberID",
                       notFound: "No such member (or a suspended or unverified one)."))
              ,
              \#(action("delete", "unblockMember", "Stop blocking a member.", parameter: "memberID",
                       notFound: "You do not block this member."))
            }
          },
          "components": {
            "schemas": {
              "ConnectionsPage": {
                "type": "object",
                "required": ["items"],
                "properties": {
                  "items": {"type": "array", "maxItems": \#(ConnectionLimits.pageSize), "items": {"$ref": "#/components/schemas/ConnectionsItem"}},
                  "nextCursor": {"type": "string", "description": "Pass as `cursor` for the next page; absent on the last page."}
                }
              },
              "ConnectionsItem": {
                "type": "object",
                "required": ["member", "at"],
                "properties": {
                  "member": {
                    "type": "object",
                    "required": ["id", "displayName"],
                    "properties": {"id": {"type": "string", "format": "uuid"}, "displayName": {"type": "string"}}
                  },
                  "at": {"type": "string", "format": "date-time", "description": "When connected, asked or blocked."},
                  "requestID": {"type": "string", "format": "uuid", "description": "The request, in lists of requests."},
                  "note": {"type": "string", "description": "The request's note (plain text, line breaks kept), in lists of requests."}
                }
              },
              "ConnectionRequestNew": {
                "type": "object",
                "required": ["memberID"],
                "properties": {
                  "memberID": {"type": "string", "format": "uuid", "description": "The member to ask (not yourself)."},
                  "note": {
                    "type": "string",
                    "maxLength": \#(PlainTextRule(maxCharacters: ConnectionLimits.note, allowsLineBreaks: true).maxCodePoints),
                    "description": "Optional. At most \#(ConnectionLimits.note) \#(OpenAPIText.plainTextRule(ConnectionLimits.note)) Line breaks are kept."
                  }
                }
              },
              "ConnectionRequestResult": {
                "type": "object",
                "required": ["state"],
                "properties": {
                  "state": {"type": "string", "enum": ["pending", "connected"]},
                  "requestID": {"type": "string", "format": "uuid", "description": "The request, while it waits."}
                }
              }
            }
          }
        }
        """#)
}
