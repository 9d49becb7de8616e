import Fluent
import Vapor

/// A signed-in member's own changes: the password and the address (each with the mail that tells
/// of it) and the language.
extension AccountService {
    /// Changes the password (the current one is required), ends the member's other sessions
    /// (all but `keeping`, the one that asked) and API tokens, voids mail links, and tells the
    /// member by mail.
    func changePassword(member: Member, current: String, new: String, keeping keep: UUID?) async throws {
        var errors = FormErrors()
        // Without a password, a new one comes only by mail link (`sendPasswordLink`).
        guard let hash = member.passwordHash else {
            errors.add("currentPassword", "account.error.password.none")
            throw errors
        }
        if try await !hasher.verify(current, against: hash) {
            errors.add("currentPassword", "account.error.password.current")
        }
        checkNewPassword(new, field: "newPassword", into: &errors)
        guard errors.isEmpty else { throw errors }
        member.passwordHash = try await hasher.hash(new)
        let memberID = try member.requireID()
        try await database.writeTransaction { db in
            try await member.save(on: db)
            var others = MemberSession.query(on: db).filter(\.$member.$id == memberID)
            if let keep { others = others.filter(\.$id != keep) }
            try await others.delete()
            try await APIToken.query(on: db).filter(\.$member.$id == memberID).delete()
            try await announceSignInsEnded(memberID, on: db)
            try await voidMailLinks(of: memberID, on: db)
            try await Outbox.enqueue(AccountMail.passwordChanged(to: member, link: recoveryLink, catalogs: mailer.catalogs), on: db, now: now)
        }
    }

    /// Sends a confirmation link to a new address; the address changes when it is followed.
    func requestEmailChange(member: Member, newEmail: String, password: String) async throws {
        var errors = FormErrors()
        checkEmail(newEmail, field: "newEmail", into: &errors)
        if let hash = member.passwordHash {
            if try await !hasher.verify(password, against: hash) {
                errors.add("emailPassword", "account.error.password.current")
            }
        } else {
            errors.add("emailPassword", "account.error.password.none")
        }
        let email = newEmail.trimmingCharacters(in: .whitespacesAndNewlines)
        if errors.isEmpty, EmailAddress.key(email) == member.emailKey {
            errors.add("newEmail", "account.error.email.same")
        }
        guard errors.isEmpty else { throw errors }
        // An address already in use gets no mail and no hint: the job checks it, after the answer.
        try await JobQueue.enqueue(EmailChangeRequested(memberID: try member.requireID(), newEmail: email), on: database, now: now)
    }

    /// Applies a confirmed address change; false for a bad link or an address taken meanwhile.
    func confirmEmailChange(token: String) async throws -> Bool {
        do {
            return try await database.writeTransaction { db in
                guard let record = try await consumeToken(token, purpose: .changeEmail, on: db),
                      let newEmail = record.newEmail,
                      let member = try await Member.find(record.$member.id, on: db)
                else { return false }
                let oldEmail = member.email
                member.email = newEmail
                member.emailKey = EmailAddress.key(newEmail)
                member.emailVerifiedAt = now
                try await member.save(on: db)
                try await voidMailLinks(of: try member.requireID(), on: db)
                // The old address hears of it, in case the change was not the member's doing.
                try await Outbox.enqueue(AccountMail.emailChanged(to: member, oldEmail: oldEmail, link: recoveryLink, catalogs: mailer.catalogs), on: db, now: now)
                return true
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return false
        }
    }

    /// Sets the language the member's pages and mail use; `FormErrors` for a code not offered.
    func changeLanguage(member: Member, to code: String) async throws -> AppLocale {
        var errors = FormErrors()
        checkLocale(code, into: &errors)
        guard errors.isEmpty, let locale = AppLocale(rawValue: code) else { throw errors }
        member.locale = locale.rawValue
        try await member.save(on: database)
        return locale
    }

    /// Sets the member's time zone (an IANA id this system knows); `FormErrors` otherwise.
    func changeTimeZone(member: Member, to identifier: String, field: String = "timeZone") async throws {
        let identifier = identifier.trimmingCharacters(in: .whitespaces)
        var errors = FormErrors()
        if identifier.isEmpty {
            errors.add(field, "account.error.timeZone.missing")
        } else if !MemberTimeZone.isKnown(identifier) {
            errors.add(field, "account.error.timeZone.unknown")
        }
        guard errors.isEmpty else { throw errors }
        member.timeZone = identifier
        try await member.save(on: database)
    }
}
