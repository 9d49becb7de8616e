import Foundation

/// The accounts part of the API document for joining, signing in and out and resetting a
/// password (`/api/v1/auth/*`, served by `AccountsAPI`), with the limits `AccountService` checks.
enum AccountsAuthAPIDocument {
    static let part = APIDocumentPart("sign-up and sign-in", json: #"""
        {
          "paths": {
            "/api/v1/auth/register": {
              "post": {
                "operationId": "register",
                "tags": ["auth"],
                "summary": "Ask to create an account; the next step arrives by mail.",
                "security": [{}],
                "requestBody": {
                  "required": true,
                  "x-maximum-bytes": \#(AcceptedBody.defaultJSONMaxBytes),
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegisterRequest"}}}
                },
                "responses": {
                  "202": {
                    "description": "Accepted: look in the mailbox of the address given.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistrationAccepted"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadJSON"},
                  "413": {"$ref": "#/components/responses/JSONBodyTooLarge"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "415": {"$ref": "#/components/responses/NotJSON"},
                  "422": {"$ref": "#/components/responses/InvalidFields"},
                  "429": {"$ref": "#/components/responses/TooManyAttempts"}
                },
                "description": "Answers 202 whether or not the address already has an account, in the same time, so the API never tells which addresses are registered. A new address gets a verification mail (the member can sign in with the password within seconds, unverified); an address in use gets a mail telling its owner that someone tried to join, and no account is created or changed. Before this version the answer was 201 with the member, or 409 for a taken address. Registering through the API accepts the terms of use (`/terms`) and the privacy notice (`/privacy`), as ticking the box on `/join` does; show them to the person before calling."
              }
            },
            "/api/v1/auth/login": {
              "post": {
                "operationId": "login",
                "tags": ["auth"],
                "summary": "Sign in; sets the session cookie.",
                "security": [{}],
                "requestBody": {
                  "required": true,
                  "x-maximum-bytes": \#(AcceptedBody.defaultJSONMaxBytes),
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LoginRequest"}}}
                },
                "responses": {
                  "200": {
                    "description": "Signed in. The `od_session` cookie is set (HttpOnly).",
                    "headers": {"Set-Cookie": {"schema": {"type": "string"}}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LoginResponse"}}}
                  },
                  "400": {"$ref": "#/components/responses/BadJSON"},
                  "401": {
                    "description": "Wrong email or password.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "403": {
                    "description": "The account is suspended.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "413": {"$ref": "#/components/responses/JSONBodyTooLarge"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "415": {"$ref": "#/components/responses/NotJSON"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"},
                  "429": {"$ref": "#/components/responses/TooManyAttempts"}
                }
              }
            },
            "/api/v1/auth/logout": {
              "post": {
                "operationId": "logout",
                "tags": ["auth"],
                "summary": "End the current session (if any).",
                "security": [{}, {"sessionCookie": []}],
                "parameters": [{"$ref": "#/components/parameters/CSRFToken"}],
                "responses": {
                  "204": {"description": "Signed out."},
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "413": {"$ref": "#/components/responses/UnexpectedBody"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              }
            },
            "/api/v1/auth/password/forgot": {
              "post": {
                "operationId": "forgotPassword",
                "tags": ["auth"],
                "summary": "Mail a one-hour reset link if the address has an account; the answer is the same either way.",
                "security": [{}],
                "requestBody": {
                  "required": true,
                  "x-maximum-bytes": \#(AcceptedBody.defaultJSONMaxBytes),
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ForgotPasswordRequest"}}}
                },
                "responses": {
                  "202": {"description": "Accepted (whether or not the address has an account)."},
                  "400": {"$ref": "#/components/responses/BadJSON"},
                  "413": {"$ref": "#/components/responses/JSONBodyTooLarge"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "415": {"$ref": "#/components/responses/NotJSON"},
                  "422": {"$ref": "#/components/responses/InvalidFields"},
                  "429": {"$ref": "#/components/responses/TooManyAttempts"}
                },
                "description": "Answers 202 whether or not the address has an account, after the same work either way; the mail, if any, is sent afterwards. Limited to \#(OpenAPIText.rate(.passwordResetPerEmail, "requests")) per address and \#(OpenAPIText.rate(.passwordResetPerIP)) per client address."
              }
            },
            "/api/v1/auth/password/reset": {
              "post": {
                "operationId": "resetPassword",
                "tags": ["auth"],
                "summary": "Set a new password with the token from the reset mail; every session and API token of the member ends.",
                "security": [{}],
                "requestBody": {
                  "required": true,
                  "x-maximum-bytes": \#(AcceptedBody.defaultJSONMaxBytes),
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ResetPasswordRequest"}}}
                },
                "responses": {
                  "204": {"description": "Password changed."},
                  "400": {"$ref": "#/components/responses/BadJSON"},
                  "413": {"$ref": "#/components/responses/JSONBodyTooLarge"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "415": {"$ref": "#/components/responses/NotJSON"},
                  "422": {
                    "description": "A weak password, or a token that is unknown, used or expired (`errors` names `password` or `token`); also a query parameter repeated more than \#(RequestLimitsMiddleware.maximumValuesPerParameter) times, named in `errors`.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "RegisterRequest": {
                "type": "object",
                "required": ["email", "password", "displayName"],
                "properties": {
                  "email": {"type": "string", "format": "email", "maxLength": \#(EmailAddress.maximumLength)},
                  "password": {
                    "type": "string",
                    "minLength": \#(PasswordPolicy.minimumLength),
                    "maxLength": \#(PasswordPolicy.maximumLength),
                    "description": "\#(PasswordPolicy.minimumLength) to \#(PasswordPolicy.maximumLength) characters, not one of the 10,000 most common passwords."
                  },
                  "displayName": {
                    "type": "string",
                    "minLength": \#(AccountService.displayNameLength.lowerBound),
                    "maxLength": \#(PlainTextRule(maxCharacters: AccountService.displayNameLength.upperBound).maxCodePoints),
                    "description": "At most \#(AccountService.displayNameLength.upperBound) \#(OpenAPIText.plainTextRule(AccountService.displayNameLength.upperBound))"
                  },
                  "locale": {"$ref": "#/components/schemas/Locale"}
                }
              },
              "RegistrationAccepted": {
                "type": "object",
                "required": ["message"],
                "properties": {"message": {"type": "string", "description": "What happens next, in the request's language."}}
              },
              "LoginRequest": {
                "type": "object",
                "required": ["email", "password"],
                "properties": {"email": {"type": "string"}, "password": {"type": "string"}}
              },
              "LoginResponse": {
                "type": "object",
                "required": ["member", "csrfToken"],
                "properties": {
                  "member": {"$ref": "#/components/schemas/Member"},
                  "csrfToken": {
                    "type": "string",
                    "description": "Send as `X-CSRF-Token` with state-changing requests made with the session cookie."
                  }
                }
              },
              "ForgotPasswordRequest": {
                "type": "object",
                "required": ["email"],
                "properties": {"email": {"type": "string", "format": "email"}}
              },
              "ResetPasswordRequest": {
                "type": "object",
                "required": ["token", "password"],
                "properties": {"token": {"type": "string"}, "password": {"type": "string", "minLength": \#(PasswordPolicy.minimumLength), "maxLength": \#(PasswordPolicy.maximumLength)}}
              }
            }
          }
        }
        """#)
}
