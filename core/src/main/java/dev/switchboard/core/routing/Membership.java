package dev.switchboard.core.routing;

/** An agent's place in one service: position, active toggle, and its entries in the indexes. */
final class Membership {
    final AgentState agent;
    final ServiceState service;
    int position;
    boolean active;
    /** Per escalation level, the entry this membership has in the service's index, or null. */
    IndexEntry[] entries;

    Membership(AgentState agent, ServiceState service, int position, boolean active, int levels) {
        this.agent = agent;
        this.service = service;
        this.position = position;
        this.active = active;
        this.entries = new IndexEntry[levels];
    }
}
