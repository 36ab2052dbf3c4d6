package dev.switchboard.core.model;

import java.time.Duration;

/** Shared checks for configuration records; failures name the field. */
public final class Validation {
    private Validation() {}

    /** Longest identifier accepted; keeps journal rows and URLs sane. */
    public static final int MAX_ID_LENGTH = 128;

    public static void requireId(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException(field, "must not be blank");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidConfigException(field, "must be at most " + MAX_ID_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '/' || c == '?' || c == '#') {
                throw new InvalidConfigException(field, "must not contain control characters or / ? #");
            }
        }
    }

    public static <T> T requireNonNull(T value, String field) {
        if (value == null) {
            throw new InvalidConfigException(field, "is required");
        }
        return value;
    }

    public static int requireRange(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new InvalidConfigException(field, "must be between " + min + " and " + max + " (was " + value + ")");
        }
        return value;
    }

    public static Duration requireRange(Duration value, Duration min, Duration max, String field) {
        requireNonNull(value, field);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidConfigException(
                    field,
                    "must be between " + min.toSeconds() + " s and " + max.toSeconds() + " s (was " + value.toSeconds()
                            + " s)");
        }
        return value;
    }
}
