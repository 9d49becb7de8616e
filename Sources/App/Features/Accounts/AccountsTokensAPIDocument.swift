import Foundation

/// The accounts part of the API document for the signed-in member and their personal access
/// tokens (`/api/v1/me`, `/api/v1/tokens`), with the limits `APITokenQueries` checks.
enum AccountsTokensAPIDocument {
    static let part = APIDocumentPart("member and tokens", json: #"""
        {
          "paths": {
            "/api/v1/me": {
              "get": {
                "operationId": "me",
                "tags": ["members"],
                "summary": "The signed-in member.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "responses": {
                  "200": {
                    "description": "The signed-in member.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Member"}}}
                  },
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              }
            },
            "/api/v1/me/time-zone": {
              "put": {
                "operationId": "setTimeZone",
                "tags": ["members"],
                "summary": "Choose your time zone (an IANA id such as `Europe/Paris`); digests arrive in your morning there.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [{"$ref": "#/components/parameters/CSRFToken"}],
                "requestBody": {
                  "required": true,
                  "x-maximum-bytes": \#(AcceptedBody.defaultJSONMaxBytes),
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TimeZoneChoice"}}}
                },
                "responses": {
                  "200": {
                    "description": "The signed-in member, with the zone saved.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Member"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadJSON"},
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "413": {"$ref": "#/components/responses/JSONBodyTooLarge"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "415": {"$ref": "#/components/responses/NotJSON"},
                  "422": {"$ref": "#/components/responses/InvalidFields"}
                }
              }
            },
            "/api/v1/tokens": {
              "get": {
                "operationId": "listTokens",
                "tags": ["tokens"],
                "summary": "Your personal access tokens (never their secrets).",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "responses": {
                  "200": {
                    "description": "Newest first.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenList"}}}
                  },
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              },
              "post": {
                "operationId": "createToken",
                "tags": ["tokens"],
                "summary": "Create a personal access token; the secret is in this answer only.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [{"$ref": "#/components/parameters/CSRFToken"}],
                "requestBody": {
                  "required": true,
                  "x-maximum-bytes": \#(AcceptedBody.defaultJSONMaxBytes),
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenRequest"}}}
                },
                "responses": {
                  "201": {
                    "description": "The token, with its secret shown once.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreatedToken"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadJSON"},
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "413": {"$ref": "#/components/responses/JSONBodyTooLarge"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "415": {"$ref": "#/components/responses/NotJSON"},
                  "422": {"$ref": "#/components/responses/InvalidFields"}
                }
              }
            },
            "/api/v1/tokens/{id}": {
              "delete": {
                "operationId": "revokeToken",
                "tags": ["tokens"],
                "summary": "Revoke one of your tokens.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [
                  {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                  {"$ref": "#/components/parameters/CSRFToken"}
                ],
                "responses": {
                  "204": {"description": "Revoked."},
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "404": {
                    "description": "You have no token with this id.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "413": {"$ref": "#/components/responses/UnexpectedBody"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Member": {
                "type": "object",
                "required": ["id", "email", "displayName", "locale", "role", "emailVerified", "timeZone"],
                "additionalProperties": false,
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "email": {"type": "string"},
                  "displayName": {"type": "string"},
                  "locale": {"$ref": "#/components/schemas/Locale"},
                  "role": {"$ref": "#/components/schemas/Role"},
                  "emailVerified": {"type": "boolean"},
                  "timeZone": {"type": "string", "maxLength": \#(MemberTimeZone.maximumLength), "description": "IANA time zone id; `UTC` until chosen."},
                  "createdAt": {"type": "string", "format": "date-time"}
                }
              },
              "TimeZoneChoice": {
                "type": "object",
                "required": ["timeZone"],
                "properties": {"timeZone": {"type": "string", "maxLength": \#(MemberTimeZone.maximumLength), "examples": ["Europe/Paris"]}}
              },
              "Role": {"type": "string", "enum": \#(OpenAPIText.cases(Role.self))},
              "TokenRequest": {
                "type": "object",
                "required": ["name"],
                "properties": {
                  "name": {
                    "type": "string",
                    "minLength": \#(APITokenQueries.nameLength.lowerBound),
                    "maxLength": \#(PlainTextRule(maxCharacters: APITokenQueries.nameLength.upperBound).maxCodePoints),
                    "description": "At most \#(APITokenQueries.nameLength.upperBound) \#(OpenAPIText.plainTextRule(APITokenQueries.nameLength.upperBound))"
                  }
                }
              },
              "Token": {
                "type": "object",
                "required": ["id", "name"],
                "additionalProperties": false,
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "name": {"type": "string"},
                  "createdAt": {"type": "string", "format": "date-time"},
                  "lastUsedAt": {"type": "string", "format": "date-time"}
                }
              },
              "CreatedToken": {
                "type": "object",
                "required": ["id", "name", "token"],
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "name": {"type": "string"},
                  "token": {"type": "string", "description": "The secret; shown only in this answer."},
                  "createdAt": {"type": "string", "format": "date-time"}
                }
              },
              "TokenList": {
                "type": "object",
                "required": ["items"],
                "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Token"}}}
              }
            }
          }
        }
        """#)
}
