package dev.switchboard.core.model;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A duty state an agent can switch to ("Sales morning", "Off duty"). On-duty profiles may limit
 * which of the agent's skills count while the profile is active.
 *
 * @param onDuty whether the agent takes calls of services that require duty
 * @param activeSkills the skills that count under this profile; empty means all of them
 */
public record ResponsibilityProfile(ProfileId id, String name, boolean onDuty, Set<String> activeSkills) {
    public ResponsibilityProfile {
        Validation.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? id.value() : name;
        // Sorted, so serialization and state hashes are stable.
        activeSkills =
                Collections.unmodifiableSortedSet(activeSkills == null ? new TreeSet<>() : new TreeSet<>(activeSkills));
    }

    public static ResponsibilityProfile onDuty(String id) {
        return new ResponsibilityProfile(ProfileId.of(id), id, true, Set.of());
    }

    public static ResponsibilityProfile offDuty(String id) {
        return new ResponsibilityProfile(ProfileId.of(id), id, false, Set.of());
    }

    public boolean activates(String skill) {
        return onDuty && (activeSkills.isEmpty() || activeSkills.contains(skill));
    }
}
