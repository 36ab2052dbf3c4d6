package dev.switchboard.core.kpi;

import java.time.Instant;

/** The call figures of the calls that arrived in one interval [{@code start}, {@code end}). */
public record IntervalKpis(Instant start, Instant end, CallKpis calls) {}
