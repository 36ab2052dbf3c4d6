package dev.switchboard.core.routing;

/** An agent's place in one service: position, active toggle, and its entries in the indexes. */
final class Membership {
    final AgentState agent;
    final ServiceState service;
    int position;
    boolean active;
    /**
     * The entry this membership has in the service's index at level 0, or null; levels above 0
     * (services with escalation) use {@link #higherEntries}. Most services have one level, so
     * the common case needs no array.
     */
    IndexEntry entry0;

    IndexEntry[] higherEntries;
    /** Bit per escalation level: whether the agent's active skills meet the level (cached). */
    int skillsOkMask;

    Membership(AgentState agent, ServiceState service, int position, boolean active, int levels) {
        this.agent = agent;
        this.service = service;
        this.position = position;
        this.active = active;
        resetEntries(levels);
        refreshSkills();
    }

    /** Forgets every index entry, sized for a service with {@code levels} escalation levels. */
    void resetEntries(int levels) {
        entry0 = null;
        higherEntries = levels > 1 ? new IndexEntry[levels - 1] : null;
    }

    int entryLevels() {
        return higherEntries == null ? 1 : higherEntries.length + 1;
    }

    IndexEntry entry(int level) {
        return level == 0 ? entry0 : higherEntries[level - 1];
    }

    void setEntry(int level, IndexEntry e) {
        if (level == 0) {
            entry0 = e;
        } else {
            higherEntries[level - 1] = e;
        }
    }

    /** Recomputes the skill caches after the agent's skills, its profile or the service changed. */
    void refreshSkills() {
        int levels = service.config.levelCount();
        int mask = 0;
        for (int level = 0; level < levels; level++) {
            if (Eligibility.meetsSkills(agent, service.config, level)) {
                mask |= 1 << level;
            }
        }
        skillsOkMask = mask;
    }

    boolean skillsOk(int level) {
        return (skillsOkMask & (1 << level)) != 0;
    }

    /** The skill-weighted score at a level (a few lookups; not cached, to keep members small). */
    int skillScore(int level) {
        return Eligibility.skillScore(agent, service.config, level);
    }
}
