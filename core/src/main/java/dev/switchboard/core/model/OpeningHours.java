package dev.switchboard.core.model;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * When a service takes calls: weekly ranges in a time zone, holidays (closed all day) and special
 * days (their own ranges instead of the weekly ones).
 */
public record OpeningHours(
        ZoneId zone,
        Map<DayOfWeek, List<TimeRange>> weekly,
        Set<LocalDate> holidays,
        Map<LocalDate, List<TimeRange>> specialDays) {

    public OpeningHours {
        Validation.requireNonNull(zone, "openingHours.zone");
        // Sorted maps and sets keep serialization and state hashes stable.
        weekly = copyRanges(weekly == null ? Map.of() : weekly, new EnumMap<>(DayOfWeek.class), "openingHours.weekly");
        holidays = Collections.unmodifiableSortedSet(holidays == null ? new TreeSet<>() : new TreeSet<>(holidays));
        specialDays =
                copyRanges(specialDays == null ? Map.of() : specialDays, new TreeMap<>(), "openingHours.specialDays");
    }

    private static <K> Map<K, List<TimeRange>> copyRanges(
            Map<K, List<TimeRange>> in, Map<K, List<TimeRange>> out, String field) {
        in.forEach((k, v) ->
                out.put(Validation.requireNonNull(k, field), List.copyOf(Validation.requireNonNull(v, field))));
        return Collections.unmodifiableMap(out);
    }

    /** Open around the clock. */
    public static OpeningHours always(ZoneId zone) {
        EnumMap<DayOfWeek, List<TimeRange>> all = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            all.put(d, List.of(TimeRange.of("00:00", "00:00")));
        }
        return new OpeningHours(zone, all, Set.of(), Map.of());
    }

    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalDate date = local.toLocalDate();
        if (holidays.contains(date)) {
            return false;
        }
        List<TimeRange> ranges = specialDays.get(date);
        if (ranges == null) {
            ranges = weekly.getOrDefault(local.getDayOfWeek(), List.of());
        }
        for (TimeRange r : ranges) {
            if (r.contains(local.toLocalTime())) {
                return true;
            }
        }
        return false;
    }
}
