package dev.switchboard.core.model;

import java.time.LocalTime;

/** A half-open range of the day [from, to); {@code to} of 00:00 means midnight at the end of the day. */
public record TimeRange(LocalTime from, LocalTime to) {
    public TimeRange {
        Validation.requireNonNull(from, "range.from");
        Validation.requireNonNull(to, "range.to");
        if (!to.equals(LocalTime.MIDNIGHT) && !to.isAfter(from)) {
            throw new InvalidConfigException("range.to", "must be after range.from");
        }
    }

    public static TimeRange of(String from, String to) {
        return new TimeRange(LocalTime.parse(from), LocalTime.parse(to));
    }

    public boolean contains(LocalTime time) {
        return !time.isBefore(from) && (to.equals(LocalTime.MIDNIGHT) || time.isBefore(to));
    }
}
