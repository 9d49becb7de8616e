import Foundation

/// The accounts part of the API document for linked sign-in methods (`/api/v1/me/identities`,
/// served by `IdentitiesAPI`).
enum IdentitiesAPIDocument {
    static let part = APIDocumentPart("identities", json: #"""
        {
          "paths": {
            "/api/v1/me/identities": {
              "get": {
                "operationId": "listIdentities",
                "tags": ["account"],
                "summary": "Your linked sign-in methods from other services.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "responses": {
                  "200": {
                    "description": "Oldest first, with whether you also have a password.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IdentityList"}}}
                  },
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              }
            },
            "/api/v1/me/identities/{id}": {
              "delete": {
                "operationId": "unlinkIdentity",
                "tags": ["account"],
                "summary": "Unlink one of your sign-in methods.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [
                  {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                  {"$ref": "#/components/parameters/CSRFToken"}
                ],
                "responses": {
                  "204": {"description": "Unlinked."},
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "404": {
                    "description": "You have no linked method with this id.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "409": {
                    "description": "It is your only way to sign in (no password and no other method whose provider is on).",
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
              "Identity": {
                "type": "object",
                "required": ["id", "provider", "providerName"],
                "additionalProperties": false,
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "provider": {"type": "string", "enum": \#(OpenAPIText.cases(SignInProvider.ID.self))},
                  "providerName": {"type": "string"},
                  "email": {"type": "string", "description": "The address the provider gave when the method was linked."},
                  "linkedAt": {"type": "string", "format": "date-time"},
                  "lastUsedAt": {"type": "string", "format": "date-time"}
                }
              },
              "IdentityList": {
                "type": "object",
                "required": ["items", "hasPassword"],
                "properties": {
                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/Identity"}},
                  "hasPassword": {"type": "boolean", "description": "Whether you can also sign in with a password."}
                }
              }
            }
          }
        }
        """#)
}
