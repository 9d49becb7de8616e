import Foundation

/// The directory's part of the API document (`GET /api/v1/members`, served by `DirectoryAPI`),
/// with the bounds `DirectoryQuery` and `DirectorySearch` apply.
enum DirectoryAPIDocument {
    static let part = APIDocumentPart("directory", json: #"""
        {
          "paths": {
            "/api/v1/members": {
              "get": {
                "operationId": "searchMembers",
                "tags": ["directory"],
                "summary": "Search the member directory. Values of one filter widen the search (any of them); different filters narrow it (all of them). Only profiles you may see appear.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}, {}],
                "parameters": [
                  {
                    "name": "q",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": \#(ListParameters.maximumTextLength)},
                    "description": "Words to find in names, headlines, skills (in every language), cities and bios; read as words only, never as query syntax."
                  },
                  {
                    "name": "origin",
                    "in": "query",
                    "required": false,
                    "style": "form",
                    "explode": true,
                    "schema": {"type": "array", "maxItems": \#(ListParameters.maximumValuesPerFilter), "items": {"$ref": "#/components/schemas/CountryCode"}},
                    "description": "Country of origin."
                  },
                  {
                    "name": "residence",
                    "in": "query",
                    "required": false,
                    "style": "form",
                    "explode": true,
                    "schema": {"type": "array", "maxItems": \#(ListParameters.maximumValuesPerFilter), "items": {"$ref": "#/components/schemas/CountryCode"}},
                    "description": "Country of residence."
                  },
                  {
                    "name": "language",
                    "in": "query",
                    "required": false,
                    "style": "form",
                    "explode": true,
                    "schema": {"type": "array", "maxItems": \#(ListParameters.maximumValuesPerFilter), "items": {"$ref": "#/components/schemas/LanguageCode"}},
                    "description": "Language spoken."
                  },
                  {
                    "name": "skill",
                    "in": "query",
                    "required": false,
                    "style": "form",
                    "explode": true,
                    "schema": {"type": "array", "maxItems": \#(ListParameters.maximumValuesPerFilter), "items": {"$ref": "#/components/schemas/SkillKey"}},
                    "description": "Area of expertise."
                  },
                  {
                    "name": "interest",
                    "in": "query",
                    "required": false,
                    "style": "form",
                    "explode": true,
                    "schema": {"type": "array", "maxItems": \#(ListParameters.maximumValuesPerFilter), "items": {"$ref": "#/components/schemas/TopicKey"}},
                    "description": "Topic of interest."
                  },
                  {
                    "name": "cursor",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": \#(DirectoryCursor.maximumEncodedLength)},
                    "description": "`nextCursor` of the previous page."
                  }
                ],
                "responses": {
                  "200": {
                    "description": "One page of members (\#(DirectorySearch.pageSize) at most).",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DirectoryPage"}}}
                  },
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {
                    "description": "An unknown code, too many values, text over \#(ListParameters.maximumTextLength) characters or a cursor that is not one; `errors` names the parameter; also a parameter repeated more than \#(RequestLimitsMiddleware.maximumValuesPerParameter) times, named in `errors`.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "DirectoryItem": {
                "type": "object",
                "required": [
                  "id",
                  "displayName",
                  "headline",
                  "city",
                  "countriesOfOrigin",
                  "languages",
                  "expertise",
                  "interests",
                  "openToContact"
                ],
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "displayName": {"type": "string"},
                  "headline": {"type": "string"},
                  "city": {"type": "string"},
                  "countryOfResidence": {"$ref": "#/components/schemas/CountryCode"},
                  "countriesOfOrigin": {"type": "array", "items": {"$ref": "#/components/schemas/CountryCode"}},
                  "languages": {"type": "array", "items": {"$ref": "#/components/schemas/LanguageCode"}},
                  "expertise": {"type": "array", "items": {"$ref": "#/components/schemas/SkillKey"}},
                  "interests": {"type": "array", "items": {"$ref": "#/components/schemas/TopicKey"}},
                  "openToContact": {"type": "boolean"},
                  "photoURL": {"type": "string", "description": "Path of the photo under `/media/`, absent without a photo."}
                }
              },
              "DirectoryPage": {
                "type": "object",
                "required": ["items", "order", "facets", "facetsSampled"],
                "properties": {
                  "items": {"type": "array", "maxItems": \#(DirectorySearch.pageSize), "items": {"$ref": "#/components/schemas/DirectoryItem"}},
                  "nextCursor": {"type": "string", "description": "Pass as `cursor` for the next page; absent on the last page."},
                  "order": {
                    "type": "string",
                    "enum": \#(OpenAPIText.cases(DirectorySearch.Order.self)),
                    "description": "`relevance` when `q` has words (then most recent first), else `recent` (most recently active first). Nothing else moves a profile."
                  },
                  "facets": {
                    "type": "object",
                    "required": ["origin", "residence", "language", "skill", "interest"],
                    "properties": {
                      "origin": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "required": ["code", "count"],
                          "properties": {"code": {"type": "string"}, "count": {"type": "integer", "minimum": 0}}
                        }
                      },
                      "residence": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "required": ["code", "count"],
                          "properties": {"code": {"type": "string"}, "count": {"type": "integer", "minimum": 0}}
                        }
                      },
                      "language": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "required": ["code", "count"],
                          "properties": {"code": {"type": "string"}, "count": {"type": "integer", "minimum": 0}}
                        }
                      },
                      "skill": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "required": ["code", "count"],
                          "properties": {"code": {"type": "string"}, "count": {"type": "integer", "minimum": 0}}
                        }
                      },
                      "interest": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "required": ["code", "count"],
                          "properties": {"code": {"type": "string"}, "count": {"type": "integer", "minimum": 0}}
                        }
                      }
                    },
                    "description": "For each filter, how many matching members have each value (the largest counts, plus every selected value). With no words and no filters, the whole directory (counted ahead, at most \#(Int(DirectoryFacetCounts.maximumAge / 60)) minutes old); otherwise at most the \#(DirectorySearch.facetSampleLimit) most recently active matching members (see `facetsSampled`), which for a text search are the ranked candidates."
                  },
                  "facetsSampled": {
                    "type": "boolean",
                    "description": "True when the counts cover only part of the matching members: the \#(DirectorySearch.facetSampleLimit) most recently active of them."
                  }
                }
              }
            }
          }
        }
        """#)
}
