package dev.switchboard.core.model;

/** Identifies a profile; any non-blank string chosen by the caller. */
public record ProfileId(String value) implements Comparable<ProfileId> {
    public ProfileId {
        Validation.requireId(value, "profileId");
    }

    public static ProfileId of(String value) {
        return new ProfileId(value);
    }

    @Override
    public int compareTo(ProfileId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
