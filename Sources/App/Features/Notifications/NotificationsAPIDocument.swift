import Foundation

/// The notifications part of the API document (`/api/v1/notifications…`, served by
/// `NotificationsAPI`), with the bounds `NotificationLimits` and `UnsubscribeToken` set.
enum NotificationsAPIDocument {
    static let part = APIDocumentPart("notifications", json: #"""
        {
          "paths": {
            "/api/v1/notifications": {
              "get": {
                "operationId": "listNotifications",
                "tags": ["notifications"],
                "summary": "Your notifications, newest activity first, \#(NotificationLimits.pageSize) a page; unread announcements of one kind about one thing are one line with a count.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [
                  {"name": "cursor", "in": "query", "required": false, "schema": {"type": "string", "maxLength": 64}, "description": "`nextCursor` of the previous page."}
                ],
                "responses": {
                  "200": {
                    "description": "A page of lines.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NotificationList"}}}
                  },
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {
                    "description": "The cursor is not one this list handed out (`errors` names `cursor`), or a query parameter is repeated too often.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  }
                }
              }
            },
            "/api/v1/notifications/unread-count": {
              "get": {
                "operationId": "unreadNotificationCount",
                "tags": ["notifications"],
                "summary": "How many of your lines are unread (the header's badge).",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "responses": {
                  "200": {
                    "description": "The count.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NotificationCount"}}}
                  },
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              }
            },
            "/api/v1/notifications/{id}/read": {
              "post": {
                "operationId": "markNotificationRead",
                "tags": ["notifications"],
                "summary": "Mark one of your lines read (it is then never mailed).",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [
                  {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                  {"$ref": "#/components/parameters/CSRFToken"}
                ],
                "responses": {
                  "204": {"description": "Read."},
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "404": {
                    "description": "You have no line with this id (someone else's is the same answer).",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "413": {"$ref": "#/components/responses/UnexpectedBody"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              }
            },
            "/api/v1/notifications/read-all": {
              "post": {
                "operationId": "markAllNotificationsRead",
                "tags": ["notifications"],
                "summary": "Mark all your lines read.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [{"$ref": "#/components/parameters/CSRFToken"}],
                "responses": {
                  "204": {"description": "All read."},
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "413": {"$ref": "#/components/responses/UnexpectedBody"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              }
            },
            "/api/v1/notifications/preferences": {
              "get": {
                "operationId": "notificationPreferences",
                "tags": ["notifications"],
                "summary": "How you get mail of each kind of notification the site sends.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "responses": {
                  "200": {
                    "description": "One entry per kind.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NotificationPreferenceList"}}}
                  },
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              },
              "put": {
                "operationId": "setNotificationPreferences",
                "tags": ["notifications"],
                "summary": "Choose mail per kind: `off`, `immediately` (after the kind's delay, if still unread), `daily` or `weekly` (a digest at \#(DigestPeriod.hour):00 in your time zone; weekly on Mondays). Kinds not named keep their choice.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [{"$ref": "#/components/parameters/CSRFToken"}],
                "requestBody": {
                  "required": true,
                  "x-maximum-bytes": \#(AcceptedBody.defaultJSONMaxBytes),
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NotificationPreferencesUpdate"}}}
                },
                "responses": {
                  "200": {
                    "description": "Every kind's choice, as saved.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NotificationPreferenceList"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadJSON"},
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "413": {"$ref": "#/components/responses/JSONBodyTooLarge"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "415": {"$ref": "#/components/responses/NotJSON"},
                  "422": {
                    "description": "An unknown kind or delivery: `errors` names each as `preferences.<kind>`; or `preferences` is missing.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  }
                }
              }
            },
            "/api/v1/notifications/unsubscribe": {
              "post": {
                "operationId": "unsubscribeFromNotificationMail",
                "tags": ["notifications"],
                "summary": "Stop the mail an unsubscribe link names (its token, from `/unsubscribe/{token}` in a mail); needs no sign-in: the signed token is the authority. Mail clients may instead post `List-Unsubscribe=One-Click` to the link itself (RFC 8058).",
                "security": [{}, {"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [{"$ref": "#/components/parameters/CSRFToken"}],
                "requestBody": {
                  "required": true,
                  "x-maximum-bytes": \#(AcceptedBody.defaultJSONMaxBytes),
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UnsubscribeRequest"}}}
                },
                "responses": {
                  "204": {"description": "That mail is off."},
                  "400": {"$ref": "#/components/responses/BadJSON"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "413": {"$ref": "#/components/responses/JSONBodyTooLarge"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "415": {"$ref": "#/components/responses/NotJSON"},
                  "422": {
                    "description": "The token is not one this site signed, or names a member or kind that no longer exists (`errors` names `token`).",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "MailDelivery": {"type": "string", "enum": \#(OpenAPIText.cases(MailDelivery.self))},
              "NotificationLine": {
                "type": "object",
                "required": ["id", "kind", "text", "count", "link", "parameters", "read", "createdAt", "updatedAt"],
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "kind": {"type": "string"},
                  "text": {"type": "string", "description": "The line in your language (plain text)."},
                  "actor": {
                    "type": "object",
                    "required": ["id", "displayName"],
                    "properties": {"id": {"type": "string", "format": "uuid"}, "displayName": {"type": "string"}}
                  },
                  "count": {"type": "integer", "minimum": 1},
                  "link": {"type": "string", "description": "A path on this site.", "maxLength": \#(NotificationLimits.link)},
                  "parameters": {"type": "object", "additionalProperties": {"type": "string"}, "maxProperties": \#(NotificationLimits.parameters)},
                  "read": {"type": "boolean"},
                  "createdAt": {"type": "string", "format": "date-time"},
                  "updatedAt": {"type": "string", "format": "date-time"}
                }
              },
              "NotificationList": {
                "type": "object",
                "required": ["items", "unreadCount"],
                "properties": {
                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/NotificationLine"}, "maxItems": \#(NotificationLimits.pageSize)},
                  "nextCursor": {"type": "string"},
                  "unreadCount": {"type": "integer", "minimum": 0}
                }
              },
              "NotificationCount": {
                "type": "object",
                "required": ["count"],
                "properties": {"count": {"type": "integer", "minimum": 0}}
              },
              "NotificationPreference": {
                "type": "object",
                "required": ["kind", "label", "delivery", "defaultDelivery"],
                "properties": {
                  "kind": {"type": "string"},
                  "label": {"type": "string"},
                  "delivery": {"$ref": "#/components/schemas/MailDelivery"},
                  "defaultDelivery": {"$ref": "#/components/schemas/MailDelivery"}
                }
              },
              "NotificationPreferenceList": {
                "type": "object",
                "required": ["items"],
                "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/NotificationPreference"}}}
              },
              "NotificationPreferencesUpdate": {
                "type": "object",
                "required": ["preferences"],
                "properties": {
                  "preferences": {
                    "type": "object",
                    "description": "Kind id → delivery.",
                    "additionalProperties": {"$ref": "#/components/schemas/MailDelivery"},
                    "examples": [{"connections.request-received": "weekly"}]
                  }
                }
              },
              "UnsubscribeRequest": {
                "type": "object",
                "required": ["token"],
                "properties": {"token": {"type": "string", "maxLength": \#(UnsubscribeToken.maximumLength)}}
              }
            }
          }
        }
        """#)
}
