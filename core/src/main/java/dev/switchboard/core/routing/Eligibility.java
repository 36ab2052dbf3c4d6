package dev.switchboard.core.routing;

import dev.switchboard.core.model.DistributionPolicy;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.SkillRequirement;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.PresenceGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether an agent is selectable for a service at an escalation level, layer by layer. {@link
 * #reasons} is the truth and explains every "no"; {@link #selectable} is the short-circuiting
 * version the indexes use, and the property tests hold the two to the same answer.
 */
final class Eligibility {
    private Eligibility() {}

    /** Every reason the agent is not selectable, in layer order; empty means selectable. */
    static List<Reason> reasons(AgentState agent, ServiceState service, int level) {
        List<Reason> out = new ArrayList<>(2);
        ServiceConfig config = service.config;
        // 1. presence
        presenceReason(agent, config.policy(), out);
        // 2. participation
        Membership m = agent.membership(service);
        if (m == null) {
            out.add(new Reason(ReasonCode.NOT_A_MEMBER, null));
        } else if (!m.active) {
            out.add(new Reason(ReasonCode.INACTIVE_IN_SERVICE, null));
        }
        if (config.requiresDuty() && !agent.onDuty()) {
            out.add(new Reason(
                    ReasonCode.OFF_DUTY,
                    agent.profile == null ? "no responsibility profile" : "profile " + agent.profile.name()));
        }
        // 3. skills
        for (SkillRequirement r : config.requirements(level)) {
            int has = agent.activeLevel(r.skill());
            if (has == 0) {
                out.add(new Reason(ReasonCode.SKILL_MISSING, r.skill() + " ≥ " + r.minLevel()));
            } else if (has < r.minLevel()) {
                out.add(new Reason(ReasonCode.SKILL_LEVEL_TOO_LOW, r.skill() + " " + has + " < " + r.minLevel()));
            }
        }
        // 4. Switchboard's own state
        if (agent.ringingFor != null) {
            out.add(new Reason(ReasonCode.RINGING, "call " + agent.ringingFor.id));
        }
        if (agent.connectedCall != null) {
            out.add(new Reason(ReasonCode.CONNECTED, "call " + agent.connectedCall.id));
        }
        if (agent.acwUntil != null) {
            out.add(new Reason(ReasonCode.AFTER_CALL_WORK, "until " + agent.acwUntil));
        }
        if (agent.ronaUntil != null) {
            out.add(new Reason(ReasonCode.RONA, "until " + agent.ronaUntil));
        }
        if (agent.notReadyReason != null) {
            out.add(new Reason(ReasonCode.NOT_READY, agent.notReadyReason));
        }
        if (agent.externalCall) {
            out.add(new Reason(ReasonCode.IN_EXTERNAL_CALL, null));
        }
        return out;
    }

    private static void presenceReason(AgentState agent, DistributionPolicy policy, List<Reason> out) {
        ReasonCode code = presenceBlock(agent, policy);
        String detail = agent.effective == null ? "no working presence source" : agent.effective.describe();
        if (code != null) {
            out.add(new Reason(code, detail));
        }
        if (agent.outOfOffice && !policy.offerWhenOutOfOffice()) {
            out.add(new Reason(ReasonCode.PRESENCE_OUT_OF_OFFICE, detail));
        }
    }

    /** Why the policy does not distribute the agent's presence group, or null if it does. */
    private static ReasonCode presenceBlock(AgentState agent, DistributionPolicy policy) {
        PresenceGroup g = agent.group;
        if (policy.distributes(g)) {
            boolean coarse = agent.effective != null && agent.effective.fidelity() == Fidelity.COARSE;
            return g == PresenceGroup.BUSY && coarse && !policy.coarseBusy() ? ReasonCode.PRESENCE_BUSY_COARSE : null;
        }
        return switch (g) {
            case IN_A_CALL -> ReasonCode.PRESENCE_IN_A_CALL;
            case PRESENTING -> ReasonCode.PRESENCE_PRESENTING;
            case BUSY -> ReasonCode.PRESENCE_BUSY;
            case IN_A_MEETING -> ReasonCode.PRESENCE_IN_A_MEETING;
            case DO_NOT_DISTURB -> ReasonCode.PRESENCE_DO_NOT_DISTURB;
            case AWAY -> ReasonCode.PRESENCE_AWAY;
            case OFFLINE -> ReasonCode.PRESENCE_OFFLINE;
            case AVAILABLE -> ReasonCode.PRESENCE_AVAILABLE_EXCLUDED;
        };
    }

    /** Layers 1, 2 and 4 for one membership, from the service's derived policy: the fast path. */
    static boolean agentLevelOk(Membership m, boolean ignoreRinging) {
        AgentState agent = m.agent;
        ServiceState service = m.service;
        boolean flagsOk = ignoreRinging
                ? agent.connectedCall == null
                        && agent.acwUntil == null
                        && agent.ronaUntil == null
                        && agent.notReadyReason == null
                        && !agent.externalCall
                : !agent.blockedByFlags();
        return flagsOk
                && m.active
                && (service.distributedMask & (1 << agent.group.ordinal())) != 0
                && (agent.group != PresenceGroup.BUSY || !agent.effectiveCoarse || service.coarseBusy)
                && (!agent.outOfOffice || service.offerWhenOutOfOffice)
                && (!service.requiresDuty || agent.onDuty());
    }

    /** Same answer as {@code reasons(...).isEmpty()}, without building reasons. */
    static boolean selectable(Membership m, int level) {
        return agentLevelOk(m, false) && m.skillsOk(level);
    }

    /**
     * Whether the agent could take a call of this service were it not ringing: used to take
     * agents out of a lower-priority broadcast.
     */
    static boolean selectableIgnoringRing(Membership m, int level) {
        return agentLevelOk(m, true) && m.skillsOk(level);
    }

    static boolean meetsSkills(AgentState agent, ServiceConfig config, int level) {
        for (SkillRequirement r : config.requirements(level)) {
            if (agent.activeLevel(r.skill()) < r.minLevel()) {
                return false;
            }
        }
        return true;
    }

    /** Sum of the agent's levels in the skills required at this level (the skill-weighted score). */
    static int skillScore(AgentState agent, ServiceConfig config, int level) {
        int score = 0;
        for (SkillRequirement r : config.requirements(level)) {
            score += agent.activeLevel(r.skill());
        }
        return score;
    }

    /** Whether the agent counts as staffed for the no-agents action: participating and not offline. */
    static boolean staffed(Membership m) {
        return m.active
                && (!m.service.config.requiresDuty() || m.agent.onDuty())
                && m.agent.group != PresenceGroup.OFFLINE;
    }
}
