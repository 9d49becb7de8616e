import Foundation

/// Provider sign-in's part of the API document: the list of providers that are on
/// (`/api/v1/auth/providers`, served by `ProviderSignInAPI`).
enum ProviderSignInAPIDocument {
    static let part = APIDocumentPart("providers", json: #"""
        {
          "paths": {
            "/api/v1/auth/providers": {
              "get": {
                "operationId": "listSignInProviders",
                "tags": ["auth"],
                "summary": "The sign-in providers that are on (Google, Facebook, LinkedIn, an OpenID Connect provider).",
                "description": "Signing in through a provider happens in a browser: open `startURL`; the site sends the browser to the provider and back. A provider is listed only when the operator configured it.",
                "security": [],
                "responses": {
                  "200": {
                    "description": "In the order the sign-in page shows their buttons; empty when none is on.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SignInProviderList"}}}
                  },
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              }
            }
          },
          "components": {
            "schemas": {
              "SignInProvider": {
                "type": "object",
                "required": ["id", "name", "startURL"],
                "additionalProperties": false,
                "properties": {
                  "id": {"type": "string", "enum": \#(OpenAPIText.cases(SignInProvider.ID.self))},
                  "name": {"type": "string", "description": "The button label."},
                  "startURL": {
                    "type": "string",
                    "format": "uri",
                    "description": "Open in a browser to sign in (or, signed in, to link this method)."
                  }
                }
              },
              "SignInProviderList": {
                "type": "object",
                "required": ["items"],
                "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/SignInProvider"}}}
              }
            }
          }
        }
        """#)
}
