import Foundation

/// The profiles part of the API document for the member's photo (`/api/v1/me/photo`), with the
/// sizes `ImageInspector` allows.
enum ProfilePhotoAPIDocument {
    static let part = APIDocumentPart("photo", json: #"""
        {
          "paths": {
            "/api/v1/me/photo": {
              "put": {
                "operationId": "putPhoto",
                "tags": ["profiles"],
                "summary": "Set your photo from the raw bytes of a JPEG, PNG or WebP image (at most \#(OpenAPIText.size(ImageInspector.maximumByteCount)) and \#(ImageInspector.maximumDimension) × \#(ImageInspector.maximumDimension) pixels). The type is read from the bytes; location and camera metadata are removed.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [{"$ref": "#/components/parameters/CSRFToken"}],
                "requestBody": {
                  "required": true,
                  "x-maximum-bytes": \#(ImageInspector.maximumUploadByteCount),
                  "content": \#(OpenAPIText.binaryContent(ImageFormat.allCases.map(\.mediaType) + ["application/octet-stream"]))
                },
                "responses": {
                  "200": {
                    "description": "The profile with its new photo.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Profile"}}}
                  },
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "413": {
                    "description": "More than \#(OpenAPIText.size(ImageInspector.maximumUploadByteCount)). (A JPEG may carry up to that much after its image, such as a motion photo's video, which is cut off; the image itself must be at most \#(OpenAPIText.size(ImageInspector.maximumByteCount)).)",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "415": {
                    "description": "The body is declared as another type (for example a form).",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  },
                  "422": {
                    "description": "Not an acceptable image; `errors` names `photo`; also a query parameter repeated more than \#(RequestLimitsMiddleware.maximumValuesPerParameter) times, named in `errors`.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                  }
                }
              },
              "delete": {
                "operationId": "deletePhoto",
                "tags": ["profiles"],
                "summary": "Remove your photo.",
                "security": [{"bearerAuth": []}, {"sessionCookie": []}],
                "parameters": [{"$ref": "#/components/parameters/CSRFToken"}],
                "responses": {
                  "204": {"description": "Removed (or there was none)."},
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "413": {"$ref": "#/components/responses/UnexpectedBody"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              }
            }
          }
        }
        """#)
}
