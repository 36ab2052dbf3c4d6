package dev.switchboard.core.routing;

import dev.switchboard.core.model.DistributionType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fast selector: per service and escalation level, a sorted set of the selectable agents in
 * distribution order, updated incrementally whenever an agent's facts change. A decision reads
 * the first entries of one set and never scans the agents.
 *
 * <p>Ringing is the one flag that does not take an agent out of the indexes: offers come and go
 * in seconds, and a broadcast would otherwise move every agent it rings out of and back into
 * every service it belongs to. Ranking skips ringing agents instead, and each index counts how
 * many of its entries ring, so the number of selectable agents stays exact.
 */
final class IndexedSelector implements CandidateSelector {

    @Override
    public void agentChanged(AgentState agent) {
        for (Membership m : agent.memberships) {
            refresh(m);
        }
    }

    @Override
    public void membershipChanged(Membership membership) {
        refresh(membership);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void serviceRebuilt(ServiceState service) {
        int levels = service.config.levelCount();
        service.index = new TreeSet[levels];
        service.ringingInIndex = new int[levels];
        for (int l = 0; l < levels; l++) {
            service.index[l] = new TreeSet<>(IndexEntry.ORDER);
        }
        for (Membership m : service.members) {
            m.resetEntries(levels);
            refresh(m);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void serviceRemoved(ServiceState service) {
        service.index = new TreeSet[0];
        service.ringingInIndex = new int[0];
    }

    @Override
    public void ringingChanged(AgentState agent) {
        int delta = agent.ringingFor != null ? 1 : -1;
        for (Membership m : agent.memberships) {
            int[] counts = m.service.ringingInIndex;
            if (counts.length != m.entryLevels()) {
                continue; // service being rebuilt; its counts are recomputed
            }
            for (int level = 0; level < counts.length; level++) {
                if (m.entry(level) != null) {
                    counts[level] += delta;
                }
            }
        }
    }

    private static void add(Membership m, int level, IndexEntry e) {
        m.service.index[level].add(e);
        m.setEntry(level, e);
        if (m.agent.ringingFor != null) {
            m.service.ringingInIndex[level]++;
        }
    }

    private static void remove(Membership m, int level, IndexEntry e) {
        m.service.index[level].remove(e);
        m.setEntry(level, null);
        if (m.agent.ringingFor != null) {
            m.service.ringingInIndex[level]--;
        }
    }

    /** Brings one membership's index entries in line with its current facts. */
    private static void refresh(Membership m) {
        TreeSet<IndexEntry>[] index = m.service.index;
        int levels = m.entryLevels();
        if (levels != index.length) {
            return; // service being rebuilt; serviceRebuilt() refreshes every membership
        }
        // Most changes leave an agent unselectable everywhere: skip the per-level work then.
        // Ringing does not count here (see the class comment).
        boolean agentOk = Eligibility.agentLevelOk(m, true);
        for (int level = 0; level < levels; level++) {
            IndexEntry current = m.entry(level);
            if (agentOk && m.skillsOk(level)) {
                long primary = RankKeys.primary(m, m.skillScore(level));
                long secondary = RankKeys.secondary(m);
                if (current == null) {
                    add(m, level, new IndexEntry(primary, secondary, m));
                } else if (current.primary() != primary || current.secondary() != secondary) {
                    // Entries are immutable keys of a sorted set: replace, never mutate.
                    remove(m, level, current);
                    add(m, level, new IndexEntry(primary, secondary, m));
                }
            } else if (current != null) {
                remove(m, level, current);
            }
        }
    }

    @Override
    public Ranking rank(CallState call, int limit) {
        ServiceState service = call.service;
        TreeSet<IndexEntry> index = service.index[call.level];
        int selectable = index.size() - service.ringingInIndex[call.level];
        if (selectable == 0) {
            return new Ranking(List.of(), 0, false);
        }
        if (service.config.distributionType() == DistributionType.ROUND_ROBIN) {
            IndexEntry after = RankKeys.probe(service.roundRobinPointer + 1L);
            return RankKeys.take(index.tailSet(after, true), index.headSet(after, false), call, limit, selectable);
        }
        return RankKeys.take(index, List.of(), call, limit, selectable);
    }

    @Override
    public int selectableCount(ServiceState service, int level) {
        return service.index[level].size() - service.ringingInIndex[level];
    }

    @Override
    public List<CallState> callsToDispatch(RoutingCore.StateAccess state) {
        List<ServiceState> dirty = state.drainDirty();
        if (dirty.isEmpty()) {
            return List.of();
        }
        List<CallState> calls = null;
        for (int i = 0, n = dirty.size(); i < n; i++) {
            ServiceState s = dirty.get(i);
            if (s.waiting.isEmpty()) {
                continue;
            }
            if (calls == null) {
                calls = new ArrayList<>(s.waiting);
            } else {
                calls.addAll(s.waiting);
                calls.sort(CallState.QUEUE_ORDER);
            }
        }
        return calls == null ? List.of() : calls;
    }

    @Override
    public void verify(RoutingCore.StateAccess state) {
        for (ServiceState s : state.services()) {
            for (int level = 0; level < s.config.levelCount(); level++) {
                Set<IndexEntry> expected = new HashSet<>();
                int ringing = 0;
                for (Membership m : s.members) {
                    List<Reason> reasons = new ArrayList<>(Eligibility.reasons(m.agent, s, level));
                    reasons.removeIf(r -> r.code() == ReasonCode.RINGING);
                    if (reasons.isEmpty()) {
                        expected.add(RankKeys.key(m, level));
                        ringing += m.agent.ringingFor != null ? 1 : 0;
                    }
                    boolean fast = Eligibility.selectable(m, level);
                    boolean truth = Eligibility.reasons(m.agent, s, level).isEmpty();
                    if (fast != truth) {
                        throw new IllegalStateException("selectable() disagrees with reasons() for " + m.agent.id
                                + " in " + s.config.id() + " level " + level);
                    }
                }
                Set<IndexEntry> actual = new HashSet<>(s.index[level]);
                if (!expected.equals(actual)) {
                    throw new IllegalStateException("index of " + s.config.id() + " level " + level
                            + " disagrees with eligibility: expected " + expected + " but was " + actual);
                }
                if (ringing != s.ringingInIndex[level]) {
                    throw new IllegalStateException("ringing count of " + s.config.id() + " level " + level + " is "
                            + s.ringingInIndex[level] + " but " + ringing + " entries ring");
                }
            }
        }
    }
}
