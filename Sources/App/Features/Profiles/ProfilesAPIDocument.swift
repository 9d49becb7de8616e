import Foundation

/// The profiles part of the API document for reading and editing profiles (`/api/v1/me/profile`,
/// `/api/v1/members/{id}`, served by `ProfilesAPI`), with the bounds `ProfileLimits` sets.
enum ProfilesAPIDocument {
    static let part = APIDocumentPart("profiles", json: #"""
        {
          "paths": {
            "/api/v1/me/profile": {
              "get": {
                "operationId": "ownProfile",
                "tags": ["profiles"],
                "summary": "Your own profile, saved or not.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "responses": {
                  "200": {
                    "description": "Your profile.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Profile"}}}
                  },
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              },
              "patch": {
                "operationId": "updateProfile",
                "tags": ["profiles"],
                "summary": "Change your profile.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [{"$ref": "#/components/parameters/CSRFToken"}],
                "requestBody": {
                  "required": true,
                  "x-maximum-bytes": \#(ProfilesController.profileForm.maxBytes),
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProfileUpdate"}}}
                },
                "responses": {
                  "200": {
                    "description": "The saved profile.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Profile"}}}
                  },
                  "400": {
                    "description": "The body is not JSON of the right shape.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "413": {
                    "description": "The body is larger than this operation accepts (\#(OpenAPIText.size(ProfilesController.profileForm.maxBytes))): refused before any of it is parsed (a larger `Content-Length` at once).",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "415": {
                    "description": "The body is not JSON.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "422": {
                    "description": "A field is wrong; `errors` names each one (an unknown code, a link that is not http or https, too long, too many); also a query parameter repeated more than \#(RequestLimitsMiddleware.maximumValuesPerParameter) times, named in `errors`.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  }
                }
              }
            },
            "/api/v1/members/{id}": {
              "get": {
                "operationId": "memberProfile",
                "tags": ["directory"],
                "summary": "A member's profile, if you may see it.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}, {}],
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
                "responses": {
                  "200": {
                    "description": "The profile.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Profile"}}}
                  },
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "404": {
                    "description": "No such member, or their profile is not visible to you (the two are not told apart).",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Profile": {
                "type": "object",
                "required": [
                  "id",
                  "displayName",
                  "headline",
                  "bio",
                  "city",
                  "countriesOfOrigin",
                  "languages",
                  "expertise",
                  "interests",
                  "links",
                  "visibility",
                  "openToContact"
                ],
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "displayName": {"type": "string"},
                  "headline": {"type": "string"},
                  "bio": {"type": "string", "description": "Plain text; line breaks are kept."},
                  "city": {"type": "string"},
                  "countryOfResidence": {"$ref": "#/components/schemas/CountryCode"},
                  "countriesOfOrigin": {"type": "array", "items": {"$ref": "#/components/schemas/CountryCode"}},
                  "languages": {"type": "array", "items": {"$ref": "#/components/schemas/LanguageCode"}},
                  "expertise": {"type": "array", "items": {"$ref": "#/components/schemas/SkillKey"}},
                  "interests": {"type": "array", "items": {"$ref": "#/components/schemas/TopicKey"}},
                  "links": {"type": "array", "items": {"type": "string"}},
                  "visibility": {"$ref": "#/components/schemas/Visibility"},
                  "openToContact": {"type": "boolean"},
                  "photoURL": {"type": "string", "description": "Path of the photo under `/media/`, absent without a photo."}
                }
              },
              "ProfileUpdate": {
                "type": "object",
                "description": "Fields left out keep their value. A member's first profile needs `countriesOfOrigin`.",
                "properties": {
                  "displayName": {
                    "type": "string",
                    "minLength": \#(AccountService.displayNameLength.lowerBound),
                    "maxLength": \#(PlainTextRule(maxCharacters: AccountService.displayNameLength.upperBound).maxCodePoints),
                    "description": "At most \#(AccountService.displayNameLength.upperBound) \#(OpenAPIText.plainTextRule(AccountService.displayNameLength.upperBound))"
                  },
                  "headline": {
                    "type": "string",
                    "maxLength": \#(PlainTextRule(maxCharacters: ProfileLimits.headline).maxCodePoints),
                    "description": "At most \#(ProfileLimits.headline) \#(OpenAPIText.plainTextRule(ProfileLimits.headline))"
                  },
                  "bio": {
                    "type": "string",
                    "maxLength": \#(PlainTextRule(maxCharacters: ProfileLimits.bio).maxCodePoints),
                    "description": "At most \#(ProfileLimits.bio) \#(OpenAPIText.plainTextRule(ProfileLimits.bio)) Line breaks are kept."
                  },
                  "city": {
                    "type": "string",
                    "maxLength": \#(PlainTextRule(maxCharacters: ProfileLimits.city).maxCodePoints),
                    "description": "At most \#(ProfileLimits.city) \#(OpenAPIText.plainTextRule(ProfileLimits.city))"
                  },
                  "countryOfResidence": {
                    "description": "An empty string clears it.",
                    "anyOf": [{"$ref": "#/components/schemas/CountryCode"}, {"type": "string", "enum": [""]}]
                  },
                  "countriesOfOrigin": {
                    "type": "array",
                    "minItems": \#(ProfileLimits.origins.lowerBound),
                    "maxItems": \#(ProfileLimits.origins.upperBound),
                    "items": {"$ref": "#/components/schemas/CountryCode"}
                  },
                  "languages": {"type": "array", "maxItems": \#(ProfileLimits.languages), "items": {"$ref": "#/components/schemas/LanguageCode"}},
                  "expertise": {"type": "array", "maxItems": \#(ProfileLimits.expertise), "items": {"$ref": "#/components/schemas/SkillKey"}},
                  "interests": {"type": "array", "maxItems": \#(ProfileLimits.interests), "items": {"$ref": "#/components/schemas/TopicKey"}},
                  "links": {
                    "type": "array",
                    "maxItems": \#(ProfileLimits.links),
                    "items": {
                      "type": "string",
                      "format": "uri",
                      "maxLength": \#(ProfileLimits.linkLength),
                      "description": "An absolute http(s) address with a host and no user name or password, at most \#(ProfileLimits.linkLength) characters, without spaces or control, bidirectional or invisible characters. Pages show its host in ASCII (`xn--…` for internationalised names)."
                    },
                    "description": "Absolute http or https addresses."
                  },
                  "visibility": {"$ref": "#/components/schemas/Visibility"},
                  "openToContact": {"type": "boolean"}
                }
              },
              "Visibility": {
                "type": "string",
                "enum": \#(OpenAPIText.cases(ProfileVisibility.self)),
                "description": "Who may see the profile: everyone, signed-in members, or connections (until connections exist: only the member)."
              }
            }
          }
        }
        """#)
}
