package dev.switchboard.store;

/** The store cannot do what was asked: the database is unreachable, misconfigured or refused it. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
