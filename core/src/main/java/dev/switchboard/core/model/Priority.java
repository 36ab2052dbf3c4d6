package dev.switchboard.core.model;

/** Call priority; a higher priority is always served before a lower one, then first come first served. */
public enum Priority {
    LOW,
    NORMAL,
    HIGH,
    /** Ahead of everything else. */
    STRICT
}
