package dev.switchboard.core.routing;

import dev.switchboard.core.model.ServiceConfig;
import java.time.Instant;

/** The ordering keys of the distribution types, shared by both selectors. */
final class RankKeys {
    private RankKeys() {}

    /** The idle clock of the agent as this service measures it. */
    static Instant idleSince(AgentState agent, ServiceConfig config) {
        return switch (config.idleClock()) {
            case SINCE_LAST_CALL -> agent.lastCallEnded;
            case SINCE_AVAILABLE -> agent.groupSince;
            case SINCE_LAST_OFFER -> agent.lastOfferAt;
        };
    }

    /** The index key of a membership at a level; smaller sorts first. */
    static IndexEntry key(Membership m, int level) {
        return key(m, level, m.skillScore(level));
    }

    private static IndexEntry key(Membership m, int level, int skillScore) {
        return new IndexEntry(primary(m, skillScore), secondary(m), m);
    }

    /** The first ordering key: idle time, member position or (negated) skill score. */
    static long primary(Membership m, int skillScore) {
        ServiceConfig config = m.service.config;
        return switch (config.distributionType()) {
            case DIRECT, BROADCAST, RING_ALL -> idleSince(m.agent, config).toEpochMilli();
            case SERIAL, ROUND_ROBIN -> m.position;
            case SKILL_WEIGHTED -> -skillScore;
        };
    }

    /** The second ordering key: idle time for skill-weighted services, else nothing. */
    static long secondary(Membership m) {
        ServiceConfig config = m.service.config;
        return config.distributionType() == dev.switchboard.core.model.DistributionType.SKILL_WEIGHTED
                ? idleSince(m.agent, config).toEpochMilli()
                : 0;
    }

    /** A probe that sorts before every entry whose primary key is {@code primary} or more. */
    static IndexEntry probe(long primary) {
        return new IndexEntry(primary, Long.MIN_VALUE, null);
    }

    /**
     * Walks the agents in ranking order ({@code first}, then {@code second}) and takes up to
     * {@code limit}, skipping agents that already missed this call; if that leaves nobody, takes
     * them anyway (every selectable agent has been tried once, so the round starts over).
     */
    static CandidateSelector.Ranking take(
            Iterable<IndexEntry> first, Iterable<IndexEntry> second, CallState call, int limit, int selectable) {
        java.util.List<Membership> out = new java.util.ArrayList<>(Math.min(limit, 16));
        boolean skipped = false;
        if (!call.tried.isEmpty()) {
            skipped = collect(first, call, limit, out, true) | collect(second, call, limit, out, true);
            if (!out.isEmpty()) {
                return new CandidateSelector.Ranking(out, selectable, skipped);
            }
        }
        collect(first, call, limit, out, false);
        collect(second, call, limit, out, false);
        return new CandidateSelector.Ranking(out, selectable, false);
    }

    /** Returns whether a tried agent was skipped. */
    private static boolean collect(
            Iterable<IndexEntry> entries,
            CallState call,
            int limit,
            java.util.List<Membership> out,
            boolean skipTried) {
        boolean skipped = false;
        for (IndexEntry e : entries) {
            if (out.size() >= limit) {
                break;
            }
            if (e.member().agent.ringingFor != null) {
                continue; // ringing agents stay indexed but are not selectable (IndexedSelector)
            }
            if (skipTried && call.tried.contains(e.member().agent)) {
                skipped = true;
                continue;
            }
            out.add(e.member());
        }
        return skipped;
    }
}
