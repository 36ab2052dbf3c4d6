package dev.switchboard.core.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An agent: a Teams user who may take calls.
 *
 * @param id Switchboard's id for the agent
 * @param displayName shown to supervisors
 * @param userId the Teams (Entra) user object id presence sources report on; may equal the id
 * @param skills skill name → level (1–10)
 */
public record AgentConfig(AgentId id, String displayName, String userId, Map<String, Integer> skills) {
    public AgentConfig {
        Validation.requireNonNull(id, "id");
        displayName = displayName == null || displayName.isBlank() ? id.value() : displayName;
        userId = userId == null || userId.isBlank() ? id.value() : userId;
        // Sorted, so serialization and state hashes are stable.
        skills = Collections.unmodifiableMap(skills == null ? new TreeMap<>() : new TreeMap<>(skills));
        skills.forEach((skill, level) -> {
            Validation.requireId(skill, "skills");
            Validation.requireRange(level, 1, SkillRequirement.MAX_LEVEL, "skills." + skill);
        });
    }

    public static AgentConfig of(String id) {
        return new AgentConfig(AgentId.of(id), id, id, Map.of());
    }

    public AgentConfig withSkills(Map<String, Integer> value) {
        return new AgentConfig(id, displayName, userId, value);
    }

    public int level(String skill) {
        Integer level = skills.get(skill);
        return level == null ? 0 : level;
    }
}
