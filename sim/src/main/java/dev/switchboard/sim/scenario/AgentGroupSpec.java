package dev.switchboard.sim.scenario;

import dev.switchboard.sim.random.Distribution;
import java.time.Duration;
import java.util.List;

/**
 * A group of agents that behave alike. Agents are named {@code <id>-01}, {@code <id>-02}, ...
 *
 * @param services the services every agent of the group is a member of
 * @param shiftStart clock time the agents sign in each day; null means when the day opens
 * @param shiftEnd clock time they sign out (after finishing a call); null means when it closes
 * @param answer how agents answer offers
 * @param afterCallWork how long wrap-up really takes; null means exactly the service's configured
 *     after-call work (the core's timer ends it). Shorter ends it early, longer extends it.
 * @param meetings random calendar meetings, or null
 * @param calendar fixed meetings, or empty
 * @param personalCalls calls the agents make or take outside Switchboard, or null
 * @param manual manual presence settings (Busy, Do not disturb, Away, Be right back)
 * @param offline random spells offline (signed out) within the shift, or null
 * @param whenOfferedInCall what an agent already in a (personal) call does when an offer rings
 * @param declineDelay how long such an agent takes to decline, for {@link InCallReaction#DECLINE}
 */
public record AgentGroupSpec(
        String id,
        int count,
        List<String> services,
        Duration shiftStart,
        Duration shiftEnd,
        AnswerSpec answer,
        Distribution afterCallWork,
        MeetingSpec meetings,
        List<CalendarEntry> calendar,
        PersonalCallSpec personalCalls,
        List<ManualStatusSpec> manual,
        OfflineSpec offline,
        InCallReaction whenOfferedInCall,
        Distribution declineDelay) {
    public AgentGroupSpec {
        services = List.copyOf(services);
        calendar = List.copyOf(calendar);
        manual = List.copyOf(manual);
    }

    /** The name of the group's {@code i}-th agent (0-based). */
    public String agentId(int i) {
        int width = Math.max(2, String.valueOf(count).length());
        return id + "-" + String.format("%0" + width + "d", i + 1);
    }

    /** Whether the agents do nothing but take Switchboard calls all day. */
    public boolean plain() {
        return meetings == null
                && calendar.isEmpty()
                && personalCalls == null
                && manual.isEmpty()
                && offline == null
                && afterCallWork == null
                && answer.noAnswerProbability() == 0
                && answer.delay().meanSeconds() == 0;
    }

    /** Ring-to-answer delay and the share of offers an available agent lets ring out. */
    public record AnswerSpec(Distribution delay, double noAnswerProbability) {}

    /**
     * On average {@code perDay} meetings per agent and day, starting at random between {@code
     * earliest} and {@code latest} (clock times).
     */
    public record MeetingSpec(double perDay, Distribution duration, Duration earliest, Duration latest) {}

    /** A fixed meeting for {@code share} of the group's agents (the first ones), every day. */
    public record CalendarEntry(Duration start, Duration end, double share) {}

    /** Personal calls: a Poisson stream of {@code perHour} attempts per agent while signed in. */
    public record PersonalCallSpec(double perHour, Distribution duration) {}

    /** On average {@code perDay} spells of a manual status per agent and day. */
    public record ManualStatusSpec(ManualStatus status, double perDay, Distribution duration) {}

    /** On average {@code perDay} spells signed out within the shift. */
    public record OfflineSpec(double perDay, Distribution duration) {}

    /** A presence an agent sets by hand. */
    public enum ManualStatus {
        BUSY,
        DO_NOT_DISTURB,
        AWAY,
        BE_RIGHT_BACK
    }

    /** What an agent on a call does when Switchboard rings them anyway. */
    public enum InCallReaction {
        /** Lets it ring out: the core's alert time expires and RONA follows. */
        IGNORE,
        /** Declines it after {@code declineDelay}. */
        DECLINE
    }
}
