import Fluent

/// Every schema change, in the order it runs. Append only: a landed migration is never edited
/// or reordered, because databases in the field have already run it.
enum AppMigrations {
    static func all(reference: ReferenceData) -> [any Migration] { [
        CreateRateLimitCounters(),
        CreateMailOutbox(),
        CreateMembers(),
        CreateMemberSessions(),
        CreateAccountTokens(),
        CreateAPITokens(),
        UpdateMembersAddLastActiveAt(),
        CreateMediaFiles(),
        CreateMemberProfiles(),
        CreateProfileTags(),
        CreateMemberSearchIndex(),
        CreateDirectoryFacetCounts(),
        RebuildMemberSearchIndexWithKeywords(reference: reference),
        DropProfileTagsKindCodeIndex(),
        CreateMemberIdentities(),
        CreateProviderSignInAttempts(),
        CreatePendingProviderSignUps(),
        CreateSiteSecrets(),
        CreateQueuedJobs(),
    ] }
}
