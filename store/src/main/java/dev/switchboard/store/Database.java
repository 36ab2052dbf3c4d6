package dev.switchboard.store;

/** The databases the store runs on; the same migrations and SQL serve both. */
public enum Database {
    /** Embedded, a file in the data directory, in PostgreSQL compatibility mode. */
    H2,
    POSTGRESQL
}
