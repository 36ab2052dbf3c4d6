package dev.switchboard.core.model;

import java.util.Map;

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
        if (skills != null) {
            for (Map.Entry<String, Integer> e : skills.entrySet()) {
                Validation.requireId(e.getKey(), "skills");
                Validation.requireNonNull(e.getValue(), "skills." + e.getKey());
            }
        }
        // Sorted and compact: serialization and state hashes are stable, memory small.
        skills = SkillLevels.of(skills);
        skills.forEach(
                (skill, level) -> Validation.requireRange(level, 1, SkillRequirement.MAX_LEVEL, "skills." + skill));
    }

    public static AgentConfig of(String id) {
        return new AgentConfig(AgentId.of(id), id, id, Map.of());
    }

    public AgentConfig withSkills(Map<String, Integer> value) {
        return new AgentConfig(id, displayName, userId, value);
    }

    public int level(String skill) {
        return ((SkillLevels) skills).level(skill);
    }
}
