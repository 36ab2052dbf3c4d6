package dev.switchboard.core.model;

/** Identifies a service; any non-blank string chosen by the caller. */
public record ServiceId(String value) implements Comparable<ServiceId> {
    public ServiceId {
        Validation.requireId(value, "serviceId");
    }

    public static ServiceId of(String value) {
        return new ServiceId(value);
    }

    @Override
    public int compareTo(ServiceId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
