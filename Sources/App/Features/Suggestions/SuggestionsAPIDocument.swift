import Foundation

/// The suggestions' part of the API document (`SuggestionsAPI`).
enum SuggestionsAPIDocument {
    static let part = APIDocumentPart("suggestions", json: #"""
        {
          "paths": {
            "/api/v1/suggestions": {
              "get": {
                "operationId": "listSuggestions",
                "tags": ["suggestions"],
                "summary": "People you may want to meet: up to \#(SuggestionFinder.limit) members with something in common with you, best first, each with its reasons. Never yourself, suspended or unconfirmed members, profiles not listed to members, members blocked either way, your connections or members with an open request either way. Order: the sum of the shared facets' weights (origin 3, city 3, residence 2, helps 2, needs 2, interest 1, language 1), then most recently active, then id; nothing else, no paid placement.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "responses": {
                  "200": {
                    "description": "The suggestions (an empty list when your profile gives nothing to match on).",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SuggestionList"}}}
                  },
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"}
                }
              }
            }
          },
          "components": {
            "schemas": {
              "SuggestionList": {
                "type": "object",
                "required": ["items"],
                "properties": {
                  "items": {"type": "array", "maxItems": \#(SuggestionFinder.limit), "items": {"$ref": "#/components/schemas/Suggestion"}}
                }
              },
              "Suggestion": {
                "type": "object",
                "required": ["member", "reasons"],
                "properties": {
                  "member": {"$ref": "#/components/schemas/DirectoryItem"},
                  "reasons": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/SuggestionReason"}}
                }
              },
              "SuggestionReason": {
                "type": "object",
                "required": ["facet", "codes"],
                "properties": {
                  "facet": {
                    "type": "string",
                    "enum": ["origin", "city", "residence", "helps", "needs", "interest", "language"],
                    "description": "`origin`: countries of origin you share (codes: country codes). `city`: same city and country of residence (codes: the country; `city`: their city as written). `residence`: same country of residence (codes: the country). `helps`: their expertise serves a cause you care about (codes: their skill keys). `needs`: your expertise serves a cause they care about (codes: topic keys). `interest`: causes you both care about (codes: topic keys). `language`: languages you both speak (codes: language codes)."
                  },
                  "codes": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                  "city": {"type": "string", "description": "For `city` only."}
                }
              }
            }
          }
        }
        """#)
}
