package dev.switchboard.core.model;

/** What happens to a call that cannot (or can no longer) wait in the queue. */
public enum ActionType {
    /** Keep waiting (only meaningful for the no-agents action). */
    QUEUE,
    /** Hang up on the caller. */
    DISCONNECT,
    /** Forward to another number, user or service named by the target. */
    FORWARD,
    /** Send to voicemail (the target names the mailbox, if any). */
    VOICEMAIL
}
