package dev.switchboard.core.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A service (a queue with its team): who belongs to it, how it distributes, and its limits.
 *
 * @param members the agents assigned to the service, in the order SERIAL and ROUND_ROBIN use
 * @param newMembersActive whether an agent added to the members starts active in the service
 * @param requiresDuty whether agents must be on duty (a responsibility profile) to take its calls
 * @param escalation skill requirements by waiting time; empty means no skills are needed
 * @param batchSize how many agents a BROADCAST rings at once (1–50)
 * @param alertTime how long an offer rings before it counts as not answered (15–180 s)
 * @param afterCallWork wrap-up time after each call (0–3,600 s); blocks the agent everywhere
 * @param serviceLevelTarget the answer time the service level is measured against
 * @param openingHours when calls are taken; null means always
 * @param closedAction what happens to a call arriving while closed
 */
public record ServiceConfig(
        ServiceId id,
        String name,
        DistributionType distributionType,
        int batchSize,
        DistributionPolicy policy,
        IdleClock idleClock,
        List<AgentId> members,
        boolean newMembersActive,
        boolean requiresDuty,
        List<EscalationLevel> escalation,
        QueueSettings queue,
        Duration alertTime,
        RonaSettings rona,
        Duration afterCallWork,
        Duration serviceLevelTarget,
        OpeningHours openingHours,
        CallAction closedAction) {

    public static final int DEFAULT_BATCH_SIZE = 10;
    /** Escalation levels a service may have (they are tracked as bits). */
    public static final int MAX_LEVELS = 20;

    public static final int MAX_BATCH_SIZE = 50;

    public ServiceConfig {
        Validation.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? id.value() : name;
        Validation.requireNonNull(distributionType, "distributionType");
        Validation.requireRange(batchSize, 1, MAX_BATCH_SIZE, "batchSize");
        Validation.requireNonNull(policy, "policy");
        Validation.requireNonNull(idleClock, "idleClock");
        members = List.copyOf(Validation.requireNonNull(members, "members"));
        if (new HashSet<>(members).size() != members.size()) {
            throw new InvalidConfigException("members", "lists an agent twice");
        }
        escalation = List.copyOf(Validation.requireNonNull(escalation, "escalation"));
        if (escalation.size() > MAX_LEVELS) {
            throw new InvalidConfigException("escalation", "must have at most " + MAX_LEVELS + " levels");
        }
        for (int i = 0; i < escalation.size(); i++) {
            Duration after = escalation.get(i).after();
            if (i == 0 && !after.isZero()) {
                throw new InvalidConfigException(
                        "escalation[0].after", "must be 0: the first level applies on arrival");
            }
            if (i > 0 && after.compareTo(escalation.get(i - 1).after()) <= 0) {
                throw new InvalidConfigException("escalation[" + i + "].after", "must be later than the level before");
            }
        }
        Validation.requireNonNull(queue, "queue");
        Validation.requireRange(alertTime, Duration.ofSeconds(15), Duration.ofSeconds(180), "alertTime");
        Validation.requireNonNull(rona, "rona");
        Validation.requireRange(afterCallWork, Duration.ZERO, Duration.ofHours(1), "afterCallWork");
        Validation.requireRange(serviceLevelTarget, Duration.ofSeconds(1), Duration.ofHours(1), "serviceLevelTarget");
        closedAction = closedAction == null ? CallAction.DISCONNECT : closedAction;
        if (closedAction.type() == ActionType.QUEUE) {
            throw new InvalidConfigException("closedAction", "cannot be QUEUE");
        }
    }

    /** Number of escalation levels; at least one (level 0 without requirements). */
    public int levelCount() {
        return Math.max(1, escalation.size());
    }

    /** The skill requirements of a level; empty when the service has none. */
    public List<SkillRequirement> requirements(int level) {
        return escalation.isEmpty() ? List.of() : escalation.get(level).requirements();
    }

    public boolean ronaApplies() {
        return rona.enabled() && !distributionType.parallel();
    }

    /** How many agents one offer rings. */
    public int ringCount() {
        return switch (distributionType) {
            case BROADCAST -> batchSize;
            case RING_ALL -> MAX_RING_ALL;
            case DIRECT, SERIAL, ROUND_ROBIN, SKILL_WEIGHTED -> 1;
        };
    }

    /** Ring-all rings at most this many agents (the size of a Teams call queue's agent list). */
    public static final int MAX_RING_ALL = 200;

    public Set<AgentId> memberSet() {
        return Set.copyOf(members);
    }

    public static Builder builder(String id) {
        return new Builder(ServiceId.of(id));
    }

    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.name = name;
        b.distributionType = distributionType;
        b.batchSize = batchSize;
        b.policy = policy;
        b.idleClock = idleClock;
        b.members = new ArrayList<>(members);
        b.newMembersActive = newMembersActive;
        b.requiresDuty = requiresDuty;
        b.escalation = new ArrayList<>(escalation);
        b.queue = queue;
        b.alertTime = alertTime;
        b.rona = rona;
        b.afterCallWork = afterCallWork;
        b.serviceLevelTarget = serviceLevelTarget;
        b.openingHours = openingHours;
        b.closedAction = closedAction;
        return b;
    }

    /** Builds a service from the defaults of DOMAIN.md: direct, Available only, 30 s alert, 20 s ACW. */
    public static final class Builder {
        private final ServiceId id;
        private String name;
        private DistributionType distributionType = DistributionType.DIRECT;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private DistributionPolicy policy = DistributionPolicy.availableOnly();
        private IdleClock idleClock = IdleClock.SINCE_LAST_CALL;
        private List<AgentId> members = new ArrayList<>();
        private boolean newMembersActive = true;
        private boolean requiresDuty = false;
        private List<EscalationLevel> escalation = new ArrayList<>();
        private QueueSettings queue = QueueSettings.defaults();
        private Duration alertTime = Duration.ofSeconds(30);
        private RonaSettings rona = RonaSettings.defaults();
        private Duration afterCallWork = Duration.ofSeconds(20);
        private Duration serviceLevelTarget = Duration.ofSeconds(20);
        private OpeningHours openingHours;
        private CallAction closedAction = CallAction.DISCONNECT;

        private Builder(ServiceId id) {
            this.id = Objects.requireNonNull(id);
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder distributionType(DistributionType v) {
            distributionType = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder policy(DistributionPolicy v) {
            policy = v;
            return this;
        }

        public Builder idleClock(IdleClock v) {
            idleClock = v;
            return this;
        }

        public Builder members(List<AgentId> v) {
            members = new ArrayList<>(v);
            return this;
        }

        public Builder member(String agentId) {
            members.add(AgentId.of(agentId));
            return this;
        }

        public Builder newMembersActive(boolean v) {
            newMembersActive = v;
            return this;
        }

        public Builder requiresDuty(boolean v) {
            requiresDuty = v;
            return this;
        }

        public Builder escalation(List<EscalationLevel> v) {
            escalation = new ArrayList<>(v);
            return this;
        }

        public Builder level(EscalationLevel v) {
            escalation.add(v);
            return this;
        }

        public Builder queue(QueueSettings v) {
            queue = v;
            return this;
        }

        public Builder alertTime(Duration v) {
            alertTime = v;
            return this;
        }

        public Builder rona(RonaSettings v) {
            rona = v;
            return this;
        }

        public Builder afterCallWork(Duration v) {
            afterCallWork = v;
            return this;
        }

        public Builder serviceLevelTarget(Duration v) {
            serviceLevelTarget = v;
            return this;
        }

        public Builder openingHours(OpeningHours v) {
            openingHours = v;
            return this;
        }

        public Builder closedAction(CallAction v) {
            closedAction = v;
            return this;
        }

        public ServiceConfig build() {
            return new ServiceConfig(
                    id,
                    name,
                    distributionType,
                    batchSize,
                    policy,
                    idleClock,
                    members,
                    newMembersActive,
                    requiresDuty,
                    escalation,
                    queue,
                    alertTime,
                    rona,
                    afterCallWork,
                    serviceLevelTarget,
                    openingHours,
                    closedAction);
        }
    }
}
