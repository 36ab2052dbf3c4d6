package dev.switchboard.core.routing;

/** An agent's place in one service: position, active toggle, and its entries in the indexes. */
final class Membership {
    final AgentState agent;
    final ServiceState service;
    int position;
    boolean active;
    /** Per escalation level, the entry this membership has in the service's index, or null. */
    IndexEntry[] entries;
    /** Per escalation level, whether the agent's active skills meet the level (cached). */
    boolean[] skillsOk;
    /** Per escalation level, the skill-weighted score (cached). */
    int[] skillScore;

    Membership(AgentState agent, ServiceState service, int position, boolean active, int levels) {
        this.agent = agent;
        this.service = service;
        this.position = position;
        this.active = active;
        this.entries = new IndexEntry[levels];
        refreshSkills();
    }

    /** Recomputes the skill caches after the agent's skills, its profile or the service changed. */
    void refreshSkills() {
        int levels = service.config.levelCount();
        if (skillsOk == null || skillsOk.length != levels) {
            skillsOk = new boolean[levels];
            skillScore = new int[levels];
        }
        for (int level = 0; level < levels; level++) {
            skillsOk[level] = Eligibility.meetsSkills(agent, service.config, level);
            skillScore[level] = Eligibility.skillScore(agent, service.config, level);
        }
    }
}
