import Foundation

/// Messaging's part of the API document: conversations, messages, read marks, groups and message
/// requests, with the limits `MessagingService` and `MessageText` check.
enum MessagingAPIDocument {
    private static let security = #""security": [{"bearerAuth": []}, {"sessionCookie": []}]"#
    private static let id = #"{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}"#
    private static let messageID = #"{"name": "messageID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}"#
    private static let csrf = ##"{"$ref": "#/components/parameters/CSRFToken"}"##
    private static let cursor = #"{"name": "cursor", "in": "query", "required": false, "schema": {"type": "string", "maxLength": 64}, "description": "The `nextCursor` of the previous page."}"#
    private static let notFound = ##""404": {"description": "No such conversation among yours (missing and not yours answer the same).", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}"##
    private static let reading = ##"""
        "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"}
        """##
    private static let jsonBody = ##"""
        "400": {"$ref": "#/components/responses/BadJSON"},
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "413": {"$ref": "#/components/responses/JSONBodyTooLarge"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "415": {"$ref": "#/components/responses/NotJSON"},
                  "422": {"$ref": "#/components/responses/InvalidFields"}
        """##
    private static let noBody = ##"""
        "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "403": {"$ref": "#/components/responses/MissingCSRFToken"},
                  "413": {"$ref": "#/components/responses/UnexpectedBody"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
        """##
    private static func body(_ schema: String, bytes: Int) -> String {
        ##""requestBody": {"required": true, "x-maximum-bytes": \##(bytes), "content": {"application/json": {"schema": {"$ref": "#/components/schemas/\##(schema)"}}}}"##
    }
    private static func answer(_ status: Int, _ description: String, _ schema: String) -> String {
        ##""\##(status)": {"description": "\##(description)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/\##(schema)"}}}}"##
    }
    private static let messageBytes = MessagingAPI.messageBody.maxBytes
    private static let bodyText = "Plain text of at most \(MessagingLimits.body) \(OpenAPIText.plainTextRule(MessagingLimits.body)) Line breaks and tabs are kept; web addresses are shown as links; nothing else is markup."

    private static func requestAnswer(_ verb: String, _ summary: String) -> String {
        #"""
            "/api/v1/message-requests/{id}/\#(verb)": {
              "post": {
                "operationId": "\#(verb)MessageRequest",
                "tags": ["messages"],
                "summary": "\#(summary)",
                \#(security),
                "parameters": [\#(id), \#(csrf)],
                "responses": {
                  "204": {"description": "Done. The sender sees no difference between accepting, declining and reporting."},
                  \#(notFound),
                  \#(noBody)
                }
              }
            }
        """#
    }

    static let part = APIDocumentPart("conversations", json: #"""
        {
          "paths": {
            "/api/v1/conversations": {
              "get": {
                "operationId": "listConversations",
                "tags": ["messages"],
                "summary": "Your conversations, the one with the newest message first.",
                \#(security),
                "parameters": [
                  {"name": "q", "in": "query", "required": false, "schema": {"type": "string", "maxLength": \#(ListParameters.maximumTextLength)},
                   "description": "Only conversations whose title, another participant's name or a message contains this text (among your \#(MessagingLimits.searchedConversations) most recent conversations)."},
                  \#(cursor)
                ],
                "responses": {
                  \#(answer(200, "\(MessagingLimits.conversationsPerPage) at most, newest message first.", "ConversationList")),
                  \#(reading),
                  "422": {"$ref": "#/components/responses/InvalidFields"}
                }
              },
              "post": {
                "operationId": "createConversation",
                "tags": ["messages"],
                "summary": "Write to one member (`to`, `body`), or start a group (`title`, `participants`, optional `body`). To someone you are not connected with, the first message is a message request; the one-to-one conversation you already share is reused.",
                \#(security),
                "parameters": [\#(csrf)],
                \#(body("NewConversation", bytes: messageBytes)),
                "responses": {
                  \#(answer(201, "The conversation.", "Conversation")),
                  "404": {"description": "No member you may write to has this id (missing, suspended, hidden from you, or blocked either way).", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                  "429": {"$ref": "#/components/responses/TooManyAttempts"},
                  \#(jsonBody)
                }
              }
            },
            "/api/v1/conversations/{id}": {
              "get": {
                "operationId": "getConversation",
                "tags": ["messages"],
                "summary": "One of your conversations.",
                \#(security),
                "parameters": [\#(id)],
                "responses": {
                  \#(answer(200, "The conversation.", "Conversation")),
                  \#(notFound),
                  \#(reading),
                  "422": {"$ref": "#/components/responses/RepeatedQueryParameter"}
                }
              }
            },
            "/api/v1/conversations/{id}/messages": {
              "get": {
                "operationId": "listMessages",
                "tags": ["messages"],
                "summary": "A page of the conversation's messages, newest first.",
                \#(security),
                "parameters": [\#(id), \#(cursor)],
                "responses": {
                  \#(answer(200, "\(MessagingLimits.messagesPerPage) at most, newest first.", "MessageList")),
                  \#(notFound),
                  \#(reading),
                  "422": {"$ref": "#/components/responses/InvalidFields"}
                }
              },
              "post": {
                "operationId": "sendMessage",
                "tags": ["messages"],
                "summary": "Write in a conversation.",
                \#(security),
                "parameters": [\#(id), \#(csrf)],
                \#(body("MessageInput", bytes: messageBytes)),
                "responses": {
                  \#(answer(201, "The message.", "Message")),
                  \#(notFound),
                  \#(jsonBody)
                }
              }
            },
            "/api/v1/conversations/{id}/messages/{messageID}": {
              "patch": {
                "operationId": "editMessage",
                "tags": ["messages"],
                "summary": "Change the text of your message, within \#(Int(MessagingLimits.editWindow / 60)) minutes of sending it (later: 422 on `body`).",
                \#(security),
                "parameters": [\#(id), \#(messageID), \#(csrf)],
                \#(body("MessageInput", bytes: messageBytes)),
                "responses": {
                  \#(answer(200, "The message.", "Message")),
                  "404": {"description": "No message of yours with this id in this conversation.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                  \#(jsonBody)
                }
              },
              "delete": {
                "operationId": "deleteMessage",
                "tags": ["messages"],
                "summary": "Delete your message: its text goes; its place says the message was deleted.",
                \#(security),
                "parameters": [\#(id), \#(messageID), \#(csrf)],
                "responses": {
                  "204": {"description": "Deleted."},
                  "404": {"description": "No message of yours with this id in this conversation.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                  \#(noBody)
                }
              }
            },
            "/api/v1/conversations/{id}/read": {
              "post": {
                "operationId": "markConversationRead",
                "tags": ["messages"],
                "summary": "Mark the conversation read up to its last message.",
                \#(security),
                "parameters": [\#(id), \#(csrf)],
                "responses": {
                  "204": {"description": "Marked."},
                  \#(notFound),
                  \#(noBody)
                }
              }
            },
            "/api/v1/conversations/{id}/leave": {
              "post": {
                "operationId": "leaveConversation",
                "tags": ["messages"],
                "summary": "Leave a group conversation.",
                \#(security),
                "parameters": [\#(id), \#(csrf)],
                "responses": {
                  "204": {"description": "You left it."},
                  "404": {"description": "No group conversation of yours with this id.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                  \#(noBody)
                }
              }
            },
            "/api/v1/conversations/{id}/participants": {
              "post": {
                "operationId": "addParticipants",
                "tags": ["messages"],
                "summary": "Add your connections to a group you created (at most \#(MessagingLimits.groupSize) participants in all, you included).",
                \#(security),
                "parameters": [\#(id), \#(csrf)],
                \#(body("ParticipantsInput", bytes: AcceptedBody.defaultJSONMaxBytes)),
                "responses": {
                  \#(answer(200, "The conversation.", "Conversation")),
                  "403": {"description": "Only the group's creator adds participants; or, signed in by session cookie, the `X-CSRF-Token` header is missing.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                  "404": {"description": "No group conversation of yours with this id.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                  "400": {"$ref": "#/components/responses/BadJSON"},
                  "401": {"$ref": "#/components/responses/NotSignedIn"},
                  "413": {"$ref": "#/components/responses/JSONBodyTooLarge"},
                  "414": {"$ref": "#/components/responses/QueryTooLarge"},
                  "415": {"$ref": "#/components/responses/NotJSON"},
                  "422": {"$ref": "#/components/responses/InvalidFields"}
                }
              }
            },
            "/api/v1/message-requests": {
              "get": {
                "operationId": "listMessageRequests",
                "tags": ["messages"],
                "summary": "First messages from members you are not connected with, waiting for your answer, newest first.",
                \#(security),
                "parameters": [\#(cursor)],
                "responses": {
                  \#(answer(200, "\(MessagingLimits.conversationsPerPage) at most.", "ConversationList")),
                  \#(reading),
                  "422": {"$ref": "#/components/responses/InvalidFields"}
                }
              }
            },
        \#(requestAnswer("accept", "Accept a message request: it becomes an ordinary conversation.")),
        \#(requestAnswer("decline", "Decline a message request: it disappears for you; the sender is not told.")),
        \#(requestAnswer("report", "Report a message request to the moderators: it disappears for you; the sender is not told."))
          },
          "components": {
            "schemas": {
              "NewConversation": {
                "type": "object",
                "properties": {
                  "to": {"type": "string", "format": "uuid", "description": "The member to write to (one-to-one); then `title` and `participants` are refused (422)."},
                  "title": {"type": "string", "maxLength": \#(PlainTextRule(maxCharacters: MessagingLimits.title).maxCodePoints), "description": "A group's title: at most \#(MessagingLimits.title) \#(OpenAPIText.plainTextRule(MessagingLimits.title))"},
                  "participants": {"type": "array", "maxItems": \#(MessagingLimits.groupSize - 1), "items": {"type": "string", "format": "uuid"}, "description": "A group's other participants: your connections."},
                  "body": {"type": "string", "maxLength": \#(MessageText.rule.maxCodePoints), "description": "\#(bodyText) Required when writing to one member."}
                }
              },
              "MessageInput": {
                "type": "object",
                "required": ["body"],
                "properties": {"body": {"type": "string", "minLength": 1, "maxLength": \#(MessageText.rule.maxCodePoints), "description": "\#(bodyText)"}}
              },
              "ParticipantsInput": {
                "type": "object",
                "required": ["members"],
                "properties": {"members": {"type": "array", "minItems": 1, "maxItems": \#(MessagingLimits.groupSize - 1), "items": {"type": "string", "format": "uuid"}}}
              },
              "ConversationParticipant": {
                "type": "object",
                "required": ["id", "displayName"],
                "properties": {"id": {"type": "string", "format": "uuid"}, "displayName": {"type": "string"}}
              },
              "ReadMark": {
                "type": "object",
                "required": ["memberId", "readAt"],
                "properties": {
                  "memberId": {"type": "string", "format": "uuid"},
                  "lastReadMessageId": {"type": "string", "format": "uuid"},
                  "readAt": {"type": "string", "format": "date-time"}
                }
              },
              "Conversation": {
                "type": "object",
                "required": ["id", "kind", "participants", "lastMessageAt", "unread", "canWrite", "isRequest", "isCreator", "readMarks"],
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "kind": {"type": "string", "enum": \#(OpenAPIText.cases(ConversationKind.self))},
                  "title": {"type": "string"},
                  "participants": {"type": "array", "items": {"$ref": "#/components/schemas/ConversationParticipant"}, "description": "The others taking part."},
                  "lastMessageAt": {"type": "string", "format": "date-time"},
                  "unread": {"type": "boolean"},
                  "canWrite": {"type": "boolean", "description": "False for a request waiting for your answer, or when the other member blocks you."},
                  "isRequest": {"type": "boolean", "description": "A message request waiting for your answer."},
                  "isCreator": {"type": "boolean"},
                  "readMarks": {"type": "array", "items": {"$ref": "#/components/schemas/ReadMark"}, "description": "How far the others have read."}
                }
              },
              "ConversationList": {
                "type": "object",
                "required": ["items"],
                "properties": {
                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/Conversation"}},
                  "nextCursor": {"type": "string"}
                }
              },
              "Message": {
                "type": "object",
                "required": ["id", "conversationId", "authorId", "authorName", "body", "createdAt", "deleted"],
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "conversationId": {"type": "string", "format": "uuid"},
                  "authorId": {"type": "string", "format": "uuid"},
                  "authorName": {"type": "string"},
                  "body": {"type": "string", "description": "Plain text; empty once deleted."},
                  "createdAt": {"type": "string", "format": "date-time"},
                  "editedAt": {"type": "string", "format": "date-time"},
                  "deleted": {"type": "boolean"}
                }
              },
              "MessageList": {
                "type": "object",
                "required": ["items"],
                "properties": {
                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}},
                  "nextCursor": {"type": "string"}
                }
              }
            }
          }
        }
        """#)
}
