package dev.switchboard.core.event;

import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.model.ServiceId;
import java.time.Instant;
import java.util.List;

/**
 * Why an offer went to whom: the candidates considered, best first, and the rule that ranked
 * them.
 *
 * @param level the call's escalation level at the time
 * @param selectable how many agents were selectable for the service at that level
 * @param candidates the best candidates in ranking order; the chosen ones are flagged
 * @param rule the ranking rule in words, e.g. "longest idle since last call"
 */
public record Explanation(
        ServiceId service, DistributionType type, int level, int selectable, List<Candidate> candidates, String rule) {
    public Explanation {
        candidates = List.copyOf(candidates);
    }

    /**
     * One ranked candidate.
     *
     * @param idleSince the agent's idle clock as the service measures it
     * @param skillScore the sum of the agent's levels in the required skills
     * @param position the agent's place in the members list (0-based)
     */
    public record Candidate(AgentId agent, Instant idleSince, int skillScore, int position, boolean chosen) {}

    /** One line for logs and the dashboard. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(type)
                .append(" in ")
                .append(service)
                .append(" (level ")
                .append(level)
                .append("): ");
        sb.append(selectable).append(" selectable; ").append(rule);
        List<Candidate> chosen = candidates.stream().filter(Candidate::chosen).toList();
        if (!chosen.isEmpty()) {
            sb.append("; chose ");
            sb.append(String.join(
                    ", ", chosen.stream().map(c -> c.agent().value()).toList()));
        }
        return sb.toString();
    }
}
