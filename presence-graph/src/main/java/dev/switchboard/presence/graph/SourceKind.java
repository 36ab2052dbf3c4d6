package dev.switchboard.presence.graph;

/** What kind of presence source a health entry describes. */
public enum SourceKind {
    /** A delegated presence account: subscriptions and bulk reads, detailed. */
    PRESENCE_ACCOUNT,
    /** The application permission: bulk reads only, detailed. */
    APPLICATION,
    /** The coarse (availability only) source. */
    COARSE,
    /** The webhook Graph delivers change notifications to. */
    WEBHOOK
}
