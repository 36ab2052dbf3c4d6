package dev.switchboard.core.routing;

import dev.switchboard.core.model.DistributionType;
import java.util.ArrayList;
import java.util.List;

/**
 * The naive reference: every decision recomputes eligibility from {@link Eligibility#reasons}
 * for every member and every waiting call of every service. Slow and obviously right; the
 * property tests hold {@link IndexedSelector} to its answers.
 */
final class ScanningSelector implements CandidateSelector {

    @Override
    public void agentChanged(AgentState agent) {}

    @Override
    public void ringingChanged(AgentState agent) {}

    @Override
    public void membershipChanged(Membership membership) {}

    @Override
    public void serviceRebuilt(ServiceState service) {}

    @Override
    public void serviceRemoved(ServiceState service) {}

    private static List<IndexEntry> selectable(ServiceState service, int level) {
        List<IndexEntry> out = new ArrayList<>();
        for (Membership m : service.members) {
            if (Eligibility.reasons(m.agent, service, level).isEmpty()) {
                out.add(RankKeys.key(m, level));
            }
        }
        out.sort(IndexEntry.ORDER);
        return out;
    }

    @Override
    public Ranking rank(CallState call, int limit) {
        ServiceState service = call.service;
        List<IndexEntry> all = selectable(service, call.level);
        if (service.config.distributionType() == DistributionType.ROUND_ROBIN) {
            List<IndexEntry> after = new ArrayList<>();
            List<IndexEntry> upTo = new ArrayList<>();
            for (IndexEntry e : all) {
                (e.primary() > service.roundRobinPointer ? after : upTo).add(e);
            }
            return RankKeys.take(after, upTo, call, limit, all.size());
        }
        return RankKeys.take(all, List.of(), call, limit, all.size());
    }

    @Override
    public int selectableCount(ServiceState service, int level) {
        return selectable(service, level).size();
    }

    @Override
    public List<CallState> callsToDispatch(RoutingCore.StateAccess state) {
        state.drainDirty();
        List<CallState> calls = new ArrayList<>();
        for (ServiceState s : state.services()) {
            calls.addAll(s.waiting);
        }
        calls.sort(CallState.QUEUE_ORDER);
        return calls;
    }

    @Override
    public void verify(RoutingCore.StateAccess state) {}
}
