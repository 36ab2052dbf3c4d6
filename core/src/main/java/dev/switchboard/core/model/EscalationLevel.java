package dev.switchboard.core.model;

import java.time.Duration;
import java.util.List;

/**
 * From {@code after} of waiting on, a call needs these skills. Later levels usually ask for
 * less, widening the pool of agents as the call waits.
 */
public record EscalationLevel(Duration after, List<SkillRequirement> requirements) {
    public EscalationLevel {
        Validation.requireRange(after, Duration.ZERO, Duration.ofHours(12), "escalation.after");
        requirements = List.copyOf(Validation.requireNonNull(requirements, "escalation.requirements"));
        long distinct =
                requirements.stream().map(SkillRequirement::skill).distinct().count();
        if (distinct != requirements.size()) {
            throw new InvalidConfigException("escalation.requirements", "names a skill twice");
        }
    }
}
