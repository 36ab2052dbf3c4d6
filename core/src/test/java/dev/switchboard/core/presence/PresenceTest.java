package dev.switchboard.core.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PresenceTest {
    private static final Instant T = Instant.parse("2026-01-05T09:00:00Z");

    @Test
    void parsesCaseInsensitivelyAndFallsBackToUnknown() {
        assertThat(Availability.parse("Available")).isEqualTo(Availability.AVAILABLE);
        assertThat(Availability.parse("doNotDisturb")).isEqualTo(Availability.DO_NOT_DISTURB);
        assertThat(Availability.parse("BUSYIDLE")).isEqualTo(Availability.BUSY_IDLE);
        assertThat(Availability.parse("SomethingNew")).isEqualTo(Availability.UNKNOWN);
        assertThat(Availability.parse(null)).isEqualTo(Availability.UNKNOWN);
        assertThat(Activity.parse("inACall")).isEqualTo(Activity.IN_A_CALL);
        assertThat(Activity.parse(" InAConferenceCall ")).isEqualTo(Activity.IN_A_CONFERENCE_CALL);
        assertThat(Activity.parse("focusing")).isEqualTo(Activity.FOCUSING);
        assertThat(Activity.parse("BrandNewActivity")).isEqualTo(Activity.UNKNOWN);
    }

    @ParameterizedTest
    @CsvSource({
        "Available,Available,AVAILABLE",
        "AvailableIdle,Inactive,AVAILABLE",
        "Available,OutOfOffice,AVAILABLE",
        "Busy,Busy,BUSY",
        "BusyIdle,Inactive,BUSY",
        "Busy,InAMeeting,IN_A_MEETING",
        "Busy,InACall,IN_A_CALL",
        "Busy,InAConferenceCall,IN_A_CALL",
        "DoNotDisturb,Presenting,PRESENTING",
        "DoNotDisturb,Focusing,DO_NOT_DISTURB",
        "DoNotDisturb,DoNotDisturb,DO_NOT_DISTURB",
        "Away,Away,AWAY",
        "BeRightBack,BeRightBack,AWAY",
        "Away,InACall,IN_A_CALL",
        "Offline,OffWork,OFFLINE",
        "Offline,Offline,OFFLINE",
        "PresenceUnknown,PresenceUnknown,OFFLINE",
        "SomethingNew,InAMeeting,IN_A_MEETING",
        "SomethingNew,SomethingElse,OFFLINE",
    })
    void detailedPresenceFallsIntoItsGroup(String availability, String activity, PresenceGroup group) {
        Presence p = Presence.detailed(Availability.parse(availability), Activity.parse(activity), "s", "1", T);
        assertThat(p.group()).isEqualTo(group);
    }

    @ParameterizedTest
    @CsvSource({
        "Available,AVAILABLE",
        "Busy,BUSY",
        "DoNotDisturb,DO_NOT_DISTURB",
        "BeRightBack,AWAY",
        "Offline,OFFLINE",
        "SomethingNew,OFFLINE"
    })
    void coarsePresenceKnowsOnlyTheAvailability(String availability, PresenceGroup group) {
        assertThat(Presence.coarse(Availability.parse(availability), "federation", T)
                        .group())
                .isEqualTo(group);
    }

    @Test
    void coarseBusyCannotTellACallFromAMeeting() {
        Presence coarse = new Presence(Availability.BUSY, Activity.IN_A_CALL, false, Fidelity.COARSE, "f", null, T);
        assertThat(coarse.group()).isEqualTo(PresenceGroup.BUSY);
    }

    @Test
    void olderOrEqualSequenceStampsAreStale() {
        Presence current = Presence.detailed(Availability.BUSY, Activity.IN_A_CALL, "pa1", "A0000000010", T);
        Presence older =
                Presence.detailed(Availability.AVAILABLE, Activity.AVAILABLE, "pa2", "A0000000009", T.plusSeconds(5));
        Presence same = Presence.detailed(Availability.BUSY, Activity.IN_A_CALL, "pa1", "A0000000010", T);
        Presence newer = Presence.detailed(Availability.AVAILABLE, Activity.AVAILABLE, "pa1", "A0000000011", T);
        assertThat(older.isStaleComparedTo(current)).isTrue();
        assertThat(same.isStaleComparedTo(current)).isTrue();
        assertThat(newer.isStaleComparedTo(current)).isFalse();
    }

    @Test
    void withoutStampsTheObservationTimeOrders() {
        Presence current = Presence.coarse(Availability.BUSY, "federation", T);
        assertThat(Presence.coarse(Availability.AVAILABLE, "federation", T.minusSeconds(1))
                        .isStaleComparedTo(current))
                .isTrue();
        assertThat(Presence.coarse(Availability.AVAILABLE, "federation", T.plusSeconds(1))
                        .isStaleComparedTo(current))
                .isFalse();
    }

    @Test
    void outOfOfficeOverlaysAnyState() {
        Presence p = Presence.detailed(Availability.BUSY, Activity.IN_A_CALL, "s", "1", T)
                .withOutOfOffice(true);
        assertThat(p.appearsOutOfOffice()).isTrue();
        assertThat(p.group()).isEqualTo(PresenceGroup.IN_A_CALL);
        assertThat(p.describe()).isEqualTo("Busy/InACall, out of office (detailed, s)");
    }
}
