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
    }

    /** Brings one membership's index entries in line with its current facts. */
    private static void refresh(Membership m) {
        TreeSet<IndexEntry>[] index = m.service.index;
        int levels = m.entryLevels();
        if (levels != index.length) {
            return; // service being rebuilt; serviceRebuilt() refreshes every membership
        }
        // Most changes leave an agent unselectable everywhere: skip the per-level work then.
        boolean agentOk = Eligibility.agentLevelOk(m, false);
        for (int level = 0; level < levels; level++) {
            IndexEntry current = m.entry(level);
            if (agentOk && m.skillsOk(level)) {
                long primary = RankKeys.primary(m, m.skillScore(level));
                long secondary = RankKeys.secondary(m);
                if (current == null) {
                    IndexEntry next = new IndexEntry(primary, secondary, m);
                    index[level].add(next);
                    m.setEntry(level, next);
                } else if (current.primary() != primary || current.secondary() != secondary) {
                    // Entries are immutable keys of a sorted set: replace, never mutate.
                    IndexEntry next = new IndexEntry(primary, secondary, m);
                    index[level].remove(current);
                    index[level].add(next);
                    m.setEntry(level, next);
                }
            } else if (current != null) {
                index[level].remove(current);
                m.setEntry(level, null);
            }
        }
    }

    @Override
    public Ranking rank(CallState call, int limit) {
        ServiceState service = call.service;
        TreeSet<IndexEntry> index = service.index[call.level];
        if (index.isEmpty()) {
            return new Ranking(List.of(), 0, false);
        }
        if (service.config.distributionType() == DistributionType.ROUND_ROBIN) {
            IndexEntry after = RankKeys.probe(service.roundRobinPointer + 1L);
            return RankKeys.take(index.tailSet(after, true), index.headSet(after, false), call, limit, index.size());
        }
        return RankKeys.take(index, List.of(), call, limit, index.size());
    }

    @Override
    public int selectableCount(ServiceState service, int level) {
        return service.index[level].size();
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
                for (Membership m : s.members) {
                    if (Eligibility.reasons(m.agent, s, level).isEmpty()) {
                        expected.add(RankKeys.key(m, level));
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
            }
        }
    }
}
