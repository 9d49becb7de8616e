import Foundation

/// Reference data's part of the API document (`/api/v1/reference/*`, served by
/// `ReferenceDataAPI`): the code schemas list the codes loaded at start, so they are the ones
/// validation accepts.
enum ReferenceDataAPIDocument {
    static func part(_ reference: ReferenceData) -> APIDocumentPart {
        APIDocumentPart("reference lists", json: #"""
            {
              "paths": {
                "/api/v1/reference/countries": {
                  "get": {
                    "operationId": "referenceCountries",
                    "tags": ["reference"],
                    "summary": "Countries (ISO 3166-1 alpha-2), named and sorted for a language.",
                    "security": [{}],
                    "parameters": [{"$ref": "#/components/parameters/ReferenceLocale"}],
                    "responses": {
                      "200": {
                        "description": "The list.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReferenceList"}}}
                      },
                      "401": {"$ref": "#/components/responses/UnknownBearerToken"},
                      "414": {"$ref": "#/components/responses/QueryTooLarge"},
                      "422": {"$ref": "#/components/responses/ReferenceLocaleRefused"}
                    }
                  }
                },
                "/api/v1/reference/languages": {
                  "get": {
                    "operationId": "referenceLanguages",
                    "tags": ["reference"],
                    "summary": "Languages (ISO 639-1), named and sorted for a language.",
                    "security": [{}],
                    "parameters": [{"$ref": "#/components/parameters/ReferenceLocale"}],
                    "responses": {
                      "200": {
                        "description": "The list.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReferenceList"}}}
                      },
                      "401": {"$ref": "#/components/responses/UnknownBearerToken"},
                      "414": {"$ref": "#/components/responses/QueryTooLarge"},
                      "422": {"$ref": "#/components/responses/ReferenceLocaleRefused"}
                    }
                  }
                },
                "/api/v1/reference/skills": {
                  "get": {
                    "operationId": "referenceSkills",
                    "tags": ["reference"],
                    "summary": "Areas of expertise, with their sector, named and sorted for a language.",
                    "security": [{}],
                    "parameters": [{"$ref": "#/components/parameters/ReferenceLocale"}],
                    "responses": {
                      "200": {
                        "description": "The list.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReferenceList"}}}
                      },
                      "401": {"$ref": "#/components/responses/UnknownBearerToken"},
                      "414": {"$ref": "#/components/responses/QueryTooLarge"},
                      "422": {"$ref": "#/components/responses/ReferenceLocaleRefused"}
                    }
                  }
                },
                "/api/v1/reference/topics": {
                  "get": {
                    "operationId": "referenceTopics",
                    "tags": ["reference"],
                    "summary": "The \#(reference.topics.entries.count) Sustainable Development Goals, with their number, named and sorted for a language.",
                    "security": [{}],
                    "parameters": [{"$ref": "#/components/parameters/ReferenceLocale"}],
                    "responses": {
                      "200": {
                        "description": "The list.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReferenceList"}}}
                      },
                      "401": {"$ref": "#/components/responses/UnknownBearerToken"},
                      "414": {"$ref": "#/components/responses/QueryTooLarge"},
                      "422": {"$ref": "#/components/responses/ReferenceLocaleRefused"}
                    }
                  }
                }
              },
              "components": {
                "parameters": {
                  "ReferenceLocale": {
                    "name": "locale",
                    "in": "query",
                    "required": false,
                    "schema": {"$ref": "#/components/schemas/Locale"},
                    "description": "Defaults to the language negotiated from the `lang` cookie or Accept-Language."
                  }
                },
                "responses": {
                  "ReferenceLocaleRefused": {
                    "description": "`locale` is not \#(OpenAPIText.alternatives(AppLocale.allCases.map(\.rawValue))); also a parameter repeated more than \#(RequestLimitsMiddleware.maximumValuesPerParameter) times, named in `errors`.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  }
                },
                "schemas": {
                  "ReferenceList": {
                    "type": "object",
                    "required": ["locale", "items"],
                    "properties": {
                      "locale": {"$ref": "#/components/schemas/Locale"},
                      "items": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "required": ["code", "name"],
                          "properties": {
                            "code": {"type": "string"},
                            "name": {"type": "string"},
                            "sector": {"type": "string"},
                            "sectorName": {"type": "string"},
                            "number": {"type": "integer"}
                          }
                        }
                      }
                    }
                  },
                  "CountryCode": {
                    "type": "string",
                    "enum": \#(OpenAPIText.strings(reference.countries.entries.map(\.code))),
                    "description": "ISO 3166-1 alpha-2 code; names from `GET /api/v1/reference/countries`."
                  },
                  "LanguageCode": {
                    "type": "string",
                    "enum": \#(OpenAPIText.strings(reference.languages.entries.map(\.code))),
                    "description": "ISO 639-1 code; names from `GET /api/v1/reference/languages`."
                  },
                  "SkillKey": {
                    "type": "string",
                    "enum": \#(OpenAPIText.strings(reference.skills.entries.map(\.code))),
                    "description": "Key of an area of expertise; labels from `GET /api/v1/reference/skills`."
                  },
                  "TopicKey": {
                    "type": "string",
                    "enum": \#(OpenAPIText.strings(reference.topics.entries.map(\.code))),
                    "description": "Key of a Sustainable Development Goal; labels from `GET /api/v1/reference/topics`."
                  }
                }
              }
            }
            """#)
    }
}
