package dev.switchboard.core.model;

/** An agent needs {@code skill} at {@code minLevel} or better (levels 1–10). */
public record SkillRequirement(String skill, int minLevel) {
    public static final int MAX_LEVEL = 10;

    public SkillRequirement {
        Validation.requireId(skill, "skill");
        Validation.requireRange(minLevel, 1, MAX_LEVEL, "minLevel");
    }
}
