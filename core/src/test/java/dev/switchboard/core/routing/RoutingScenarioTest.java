package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.CancelReason;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.event.RejectReason;
import dev.switchboard.core.event.RonaClearReason;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallAction;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.DistributionPolicy;
import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.model.EscalationLevel;
import dev.switchboard.core.model.IdleClock;
import dev.switchboard.core.model.OpeningHours;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.QueueSettings;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.RonaSettings;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.model.SkillRequirement;
import dev.switchboard.core.model.TimeRange;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.PresenceGroup;
import dev.switchboard.core.testing.Scenario;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RoutingScenarioTest {

    private static Scenario threeAgentsDirect() {
        return Scenario.start()
                .agents("anna", "ben", "cleo")
                .available("anna", "ben", "cleo")
                .service("sales", s -> s.member("anna").member("ben").member("cleo"));
    }

    @Nested
    class Direct {
        @Test
        void offersToTheLongestIdleAgent() {
            Scenario s = threeAgentsDirect();
            // anna and ben take a call each; cleo has never had one, so she is idle longest.
            s.call("c1", "sales");
            assertThat(s.offeredTo("c1")).containsExactly("anna"); // all idle since epoch: id order
            s.accept("c1", "anna").call("c2", "sales");
            assertThat(s.offeredTo("c2")).containsExactly("ben");
            s.accept("c2", "ben").afterSeconds(60).end("c1").afterSeconds(30).end("c2");
            s.afterSeconds(60); // both finish after-call work (20 s)
            s.call("c3", "sales");
            assertThat(s.offeredTo("c3")).containsExactly("cleo");
            s.accept("c3", "cleo").call("c4", "sales");
            assertThat(s.offeredTo("c4")).containsExactly("anna"); // anna finished before ben
        }

        @Test
        void explainsEveryOfferWithTheCandidatesConsidered() {
            Scenario s = threeAgentsDirect().call("c1", "sales");
            Event.CallOffered offer = s.lastOffer("c1");
            assertThat(offer.explanation().selectable()).isEqualTo(3);
            assertThat(offer.explanation().candidates())
                    .extracting(c -> c.agent().value())
                    .containsExactly("anna", "ben", "cleo");
            assertThat(offer.explanation().candidates())
                    .filteredOn(c -> c.chosen())
                    .hasSize(1);
            assertThat(offer.explanation().rule()).contains("longest idle");
            assertThat(offer.explanation().summary()).contains("chose anna");
        }

        @Test
        void neverOffersToAnAgentInACallWhateverThePolicy() {
            Scenario s = Scenario.start()
                    .agents("anna", "ben")
                    .service(
                            "sales",
                            b -> b.member("anna")
                                    .member("ben")
                                    .policy(DistributionPolicy.of(
                                            PresenceGroup.AVAILABLE, PresenceGroup.BUSY, PresenceGroup.IN_A_MEETING)));
            s.inCall("anna").inMeeting("ben").call("c1", "sales");
            assertThat(s.offeredTo("c1")).containsExactly("ben");
            assertThat(s.why("anna", "sales")).containsExactly(ReasonCode.PRESENCE_IN_A_CALL);
        }

        @Test
        void aPolicyCannotAskForAgentsInACall() {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                            () -> DistributionPolicy.of(PresenceGroup.AVAILABLE, PresenceGroup.IN_A_CALL)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("policy.distributed");
        }

        @Test
        void meetingsAreDistributedOnlyWhenTheServiceSaysSo() {
            Scenario s = Scenario.start().agents("anna").inMeeting("anna");
            s.service("strict", b -> b.member("anna"));
            s.service(
                    "lenient",
                    b -> b.member("anna")
                            .policy(DistributionPolicy.of(PresenceGroup.AVAILABLE, PresenceGroup.IN_A_MEETING)));
            assertThat(s.why("anna", "strict")).containsExactly(ReasonCode.PRESENCE_IN_A_MEETING);
            assertThat(s.why("anna", "lenient")).isEmpty();
        }

        @Test
        void coarsePresenceShowsTheDilemma() {
            // Federation reports only "Busy": a service that distributes coarse Busy rings an agent
            // who may be on a call; by default coarse Busy is not distributed even where detailed
            // Busy is, so a failover to coarse presence never rings someone in a call.
            Scenario s = Scenario.start().agents("anna").coarse("anna", Availability.BUSY);
            DistributionPolicy busyOk = DistributionPolicy.of(PresenceGroup.AVAILABLE, PresenceGroup.BUSY);
            s.service("coarseBusyOk", b -> b.member("anna").policy(busyOk.withCoarseBusy(true)));
            s.service("detailedBusyOnly", b -> b.member("anna").policy(busyOk));
            s.service("busyNo", b -> b.member("anna"));
            assertThat(s.why("anna", "coarseBusyOk")).isEmpty();
            assertThat(s.why("anna", "detailedBusyOnly")).containsExactly(ReasonCode.PRESENCE_BUSY_COARSE);
            assertThat(s.why("anna", "busyNo")).containsExactly(ReasonCode.PRESENCE_BUSY);
            s.presence("anna", Availability.BUSY, Activity.BUSY); // detailed: set Busy by hand
            assertThat(s.why("anna", "detailedBusyOnly")).isEmpty();
        }

        @Test
        void aCallSwitchboardKnowsOfBlocksTheAgentEvenIfPresenceSaysPlainBusy() {
            Scenario s = Scenario.start().agents("anna", "ben");
            s.service(
                    "sales",
                    b -> b.member("anna")
                            .member("ben")
                            .policy(DistributionPolicy.of(PresenceGroup.AVAILABLE, PresenceGroup.BUSY)));
            s.presence("anna", Availability.BUSY, Activity.BUSY).available("ben");
            s.send(new Command.ExternalCallReported(s.now(), AgentId.of("anna"), true));
            assertThat(s.why("anna", "sales")).containsExactly(ReasonCode.IN_EXTERNAL_CALL);
            s.call("c1", "sales");
            assertThat(s.offeredTo("c1")).containsExactly("ben");
        }

        @Test
        void reasonsComeInLayerOrder() {
            Scenario s = Scenario.start().agent("anna", Map.of("french", 2));
            s.agent("ben");
            s.service(
                    "sales",
                    b -> b.member("ben")
                            .requiresDuty(true)
                            .level(new EscalationLevel(Duration.ZERO, List.of(new SkillRequirement("french", 3)))));
            s.send(new Command.AgentNotReady(s.now(), AgentId.of("anna"), "Lunch"));
            assertThat(s.why("anna", "sales"))
                    .containsExactly(
                            ReasonCode.PRESENCE_OFFLINE,
                            ReasonCode.NOT_A_MEMBER,
                            ReasonCode.OFF_DUTY,
                            ReasonCode.SKILL_LEVEL_TOO_LOW,
                            ReasonCode.NOT_READY);
            assertThat(s.core()
                            .reasons(AgentId.of("anna"), ServiceId.of("sales"), 0)
                            .get(3)
                            .detail())
                    .isEqualTo("french 2 < 3");
        }
    }

    @Nested
    class Status {
        @Test
        void theStatusClockRestartsWhenTheStatusWordChanges() {
            Scenario s = threeAgentsDirect().afterSeconds(10);
            AgentView anna = s.core().snapshot().agents().get(AgentId.of("anna"));
            assertThat(anna.status()).isEqualTo(AgentStatus.AVAILABLE);
            assertThat(anna.statusSince()).isEqualTo(Scenario.T0);
            s.call("c1", "sales").afterSeconds(5);
            anna = s.core().snapshot().agents().get(AgentId.of("anna"));
            assertThat(anna.status()).isEqualTo(AgentStatus.RINGING);
            assertThat(anna.statusSince()).isEqualTo(Scenario.T0.plusSeconds(10));
            s.accept("c1", "anna");
            s.inCall("anna"); // Teams notices the call: the status word stays CONNECTED
            anna = s.core().snapshot().agents().get(AgentId.of("anna"));
            assertThat(anna.status()).isEqualTo(AgentStatus.CONNECTED);
            assertThat(anna.statusSince()).isEqualTo(Scenario.T0.plusSeconds(15));
        }
    }

    @Nested
    class Presence {
        @Test
        void anOlderStampNeverOverwritesANewerOne() {
            Scenario s = Scenario.start().agents("anna").service("sales", b -> b.member("anna"));
            var newer = dev.switchboard.core.presence.Presence.detailed(
                    Availability.BUSY, Activity.IN_A_CALL, "pa1", "A000000002", s.now());
            var older = dev.switchboard.core.presence.Presence.detailed(
                    Availability.AVAILABLE, Activity.AVAILABLE, "pa2", "A000000001", s.now());
            s.send(new Command.PresenceObserved(s.now(), AgentId.of("anna"), newer));
            Outcome outcome = s.send(new Command.PresenceObserved(s.now(), AgentId.of("anna"), older));
            assertThat(outcome.accepted()).isTrue();
            assertThat(outcome.events()).isEmpty();
            assertThat(s.why("anna", "sales")).containsExactly(ReasonCode.PRESENCE_IN_A_CALL);
        }

        @Test
        void detailedTrackingFailureFallsBackToCoarseAndReturns() {
            Scenario s = Scenario.start().agents("anna");
            s.service(
                    "sales",
                    b -> b.member("anna")
                            .policy(DistributionPolicy.of(PresenceGroup.AVAILABLE, PresenceGroup.IN_A_MEETING)));
            s.inMeeting("anna").coarse("anna", Availability.BUSY);
            assertThat(s.why("anna", "sales")).isEmpty();
            s.send(new Command.PresenceTrackingChanged(
                    s.now(), List.of(), Fidelity.DETAILED, false, "presence-accounts", "WRONG_PASSWORD (AADSTS50126)"));
            // Coarse Busy cannot tell the meeting from a call: not distributed by this policy.
            assertThat(s.why("anna", "sales")).containsExactly(ReasonCode.PRESENCE_BUSY);
            assertThat(s.eventsOf(Event.PresenceTrackingChanged.class)).hasSize(1);
            s.send(new Command.PresenceTrackingChanged(
                    s.now(), List.of(AgentId.of("anna")), Fidelity.DETAILED, true, "presence-accounts", "recovered"));
            assertThat(s.why("anna", "sales")).isEmpty();
            assertThat(s.eventsOf(Event.PresenceTrackingChanged.class)).hasSize(2);
        }

        @Test
        void anAgentWithoutAnyWorkingSourceIsOffline() {
            Scenario s = Scenario.start().agents("anna").service("sales", b -> b.member("anna"));
            assertThat(s.core()
                            .reasons(AgentId.of("anna"), ServiceId.of("sales"), 0)
                            .get(0)
                            .detail())
                    .isEqualTo("no working presence source");
        }

        @Test
        void outOfOfficeCanBeExcluded() {
            Scenario s = Scenario.start().agents("anna");
            s.service(
                    "sales",
                    b -> b.member("anna")
                            .policy(new DistributionPolicy(Set.of(PresenceGroup.AVAILABLE), false, false)));
            s.presence("anna", Availability.AVAILABLE, Activity.OUT_OF_OFFICE);
            assertThat(s.why("anna", "sales")).containsExactly(ReasonCode.PRESENCE_OUT_OF_OFFICE);
        }
    }

    @Nested
    class RingingAndRona {
        @Test
        void noAnswerReturnsTheCallToTheHeadAndPutsTheAgentInRona() {
            Scenario s =
                    threeAgentsDirect().call("c1", "sales").call("c2", "sales").call("c3", "sales");
            s.call("c4", "sales"); // waits
            assertThat(s.offeredTo("c4")).isEmpty();
            s.afterSeconds(30); // alert time
            List<Event.OfferExpired> expired = s.eventsOf(Event.OfferExpired.class);
            assertThat(expired).extracting(e -> e.call().value()).containsExactly("c1", "c2", "c3");
            assertThat(s.eventsOf(Event.RonaStarted.class)).hasSize(3);
            // Everybody is in RONA now; c1 is at the head of the queue again.
            assertThat(s.core().snapshot().services().get(ServiceId.of("sales")).waiting())
                    .extracting(CallId::value)
                    .containsExactly("c1", "c2", "c3", "c4");
            assertThat(s.why("anna", "sales")).containsExactly(ReasonCode.RONA);
        }

        @Test
        void declineSetsRonaAndTheNextAgentGetsTheCall() {
            Scenario s = threeAgentsDirect().call("c1", "sales").decline("c1", "anna");
            assertThat(s.offeredTo("c1")).containsExactly("ben");
            assertThat(s.why("anna", "sales")).containsExactly(ReasonCode.RONA);
        }

        @Test
        void ronaEndsByTimeManualResetOfflineOrOffDuty() {
            Scenario s = Scenario.start()
                    .agents("anna", "ben", "cleo", "dora")
                    .available("anna", "ben", "cleo", "dora")
                    .profile(ResponsibilityProfile.onDuty("on"))
                    .profile(ResponsibilityProfile.offDuty("off"));
            s.duty("dora", "on");
            for (String agent : List.of("anna", "ben", "cleo", "dora")) {
                s.service("q-" + agent, b -> b.member(agent).rona(new RonaSettings(true, Duration.ofSeconds(60))));
                s.call("x-" + agent, "q-" + agent).decline("x-" + agent, agent);
            }
            assertThat(s.eventsOf(Event.RonaStarted.class)).hasSize(4);
            s.send(new Command.ResetRona(s.now(), AgentId.of("ben")));
            s.presence("cleo", Availability.OFFLINE, Activity.OFF_WORK);
            s.duty("dora", "off");
            assertThat(s.eventsOf(Event.RonaCleared.class))
                    .extracting(Event.RonaCleared::reason)
                    .containsExactly(RonaClearReason.MANUAL, RonaClearReason.OFFLINE, RonaClearReason.OFF_DUTY);
            s.afterSeconds(61);
            assertThat(s.eventsOf(Event.RonaCleared.class))
                    .extracting(Event.RonaCleared::reason)
                    .contains(RonaClearReason.EXPIRED);
        }

        @Test
        void withRonaDisabledTheNextAgentIsTriedBeforeTheSameOneAgain() {
            Scenario s = Scenario.start().agents("anna", "ben").available("anna", "ben");
            s.service("sales", b -> b.member("anna").member("ben").rona(RonaSettings.disabled()));
            s.call("c1", "sales").decline("c1", "anna");
            assertThat(s.offeredTo("c1")).containsExactly("ben");
            s.decline("c1", "ben");
            assertThat(s.offeredTo("c1")).containsExactly("anna"); // everyone tried: round starts over
            assertThat(s.lastOffer("c1").explanation().rule()).doesNotContain("skipped");
        }
    }

    @Nested
    class AfterCallWork {
        @Test
        void blocksTheAgentInEveryServiceAndCanEndEarlyOrBeExtended() {
            Scenario s = Scenario.start().agents("anna").available("anna");
            s.service("sales", b -> b.member("anna").afterCallWork(Duration.ofSeconds(20)));
            s.service("support", b -> b.member("anna"));
            s.call("c1", "sales").accept("c1", "anna").afterSeconds(100).end("c1");
            assertThat(s.why("anna", "support")).containsExactly(ReasonCode.AFTER_CALL_WORK);
            s.afterSeconds(10);
            s.send(new Command.ExtendAfterCallWork(s.now(), AgentId.of("anna"), Duration.ofSeconds(30)));
            s.afterSeconds(25); // the original 20 s are over, the extension is not
            assertThat(s.why("anna", "support")).containsExactly(ReasonCode.AFTER_CALL_WORK);
            s.send(new Command.EndAfterCallWork(s.now(), AgentId.of("anna")));
            assertThat(s.why("anna", "support")).isEmpty();
            assertThat(s.eventsOf(Event.AfterCallWorkEnded.class))
                    .singleElement()
                    .extracting(Event.AfterCallWorkEnded::early)
                    .isEqualTo(true);
        }

        @Test
        void endingAfterCallWorkThatIsNotRunningIsRejected() {
            Scenario s = Scenario.start().agents("anna");
            Outcome o = s.send(new Command.EndAfterCallWork(s.now(), AgentId.of("anna")));
            assertThat(o.rejection())
                    .get()
                    .extracting(Rejection::code)
                    .isEqualTo(Rejection.Code.NOT_IN_AFTER_CALL_WORK);
        }
    }

    @Nested
    class DistributionTypes {
        @Test
        void broadcastRingsABatchAndTheFirstToAcceptWinsWithoutRona() {
            Scenario s = Scenario.start().agents("a1", "a2", "a3", "a4").available("a1", "a2", "a3", "a4");
            s.service(
                    "sales",
                    b -> b.members(ids("a1", "a2", "a3", "a4"))
                            .distributionType(DistributionType.BROADCAST)
                            .batchSize(3));
            s.call("c1", "sales");
            assertThat(s.offeredTo("c1")).containsExactly("a1", "a2", "a3");
            s.decline("c1", "a1");
            assertThat(s.why("a1", "sales")).isEmpty(); // no RONA in broadcast
            s.accept("c1", "a3");
            Event.OfferCancelled cancelled =
                    s.eventsOf(Event.OfferCancelled.class).get(0);
            assertThat(cancelled.reason()).isEqualTo(CancelReason.ANSWERED_ELSEWHERE);
            assertThat(cancelled.agents()).extracting(AgentId::value).containsExactly("a2");
        }

        @Test
        void serialFollowsTheFixedOrder() {
            Scenario s = Scenario.start().agents("a", "b", "c").available("a", "b", "c");
            s.service("sales", b -> b.members(ids("c", "a", "b")).distributionType(DistributionType.SERIAL));
            s.call("c1", "sales");
            assertThat(s.offeredTo("c1")).containsExactly("c");
            s.decline("c1", "c");
            assertThat(s.offeredTo("c1")).containsExactly("a");
        }

        @Test
        void roundRobinContinuesAfterTheAgentOfferedLast() {
            Scenario s = Scenario.start().agents("a", "b", "c").available("a", "b", "c");
            s.service("sales", b -> b.members(ids("a", "b", "c")).distributionType(DistributionType.ROUND_ROBIN));
            s.call("c1", "sales").accept("c1", "a").end("c1").afterSeconds(30);
            s.call("c2", "sales");
            assertThat(s.offeredTo("c2")).containsExactly("b");
            s.accept("c2", "b").end("c2").afterSeconds(30).call("c3", "sales");
            assertThat(s.offeredTo("c3")).containsExactly("c");
            s.accept("c3", "c").end("c3").afterSeconds(30).call("c4", "sales");
            assertThat(s.offeredTo("c4")).containsExactly("a");
        }

        @Test
        void ringAllRingsEverySelectableAgent() {
            Scenario s = Scenario.start().agents("a", "b", "c").available("a", "c");
            s.service("sales", b -> b.members(ids("a", "b", "c")).distributionType(DistributionType.RING_ALL));
            s.call("c1", "sales");
            assertThat(s.offeredTo("c1")).containsExactly("a", "c");
        }

        @Test
        void skillWeightedPrefersTheBestLevelThenTheLongestIdle() {
            Scenario s = Scenario.start()
                    .agent("junior", Map.of("french", 2))
                    .agent("senior", Map.of("french", 5))
                    .agent("expert", Map.of("french", 5))
                    .available("junior", "senior", "expert");
            s.service(
                    "fr",
                    b -> b.members(ids("junior", "senior", "expert"))
                            .distributionType(DistributionType.SKILL_WEIGHTED)
                            .level(new EscalationLevel(Duration.ZERO, List.of(new SkillRequirement("french", 1)))));
            s.call("c1", "fr");
            assertThat(s.offeredTo("c1")).containsExactly("senior"); // tie on level 5: configured first
            s.accept("c1", "senior").call("c2", "fr");
            assertThat(s.offeredTo("c2")).containsExactly("expert");
            assertThat(s.lastOffer("c2").explanation().candidates())
                    .extracting(c -> c.skillScore())
                    .containsExactly(5, 2);
        }
    }

    @Nested
    class Queue {
        @Test
        void higherPriorityFirstThenFirstComeFirstServed() {
            Scenario s = Scenario.start().agents("anna").available("anna");
            s.service("sales", b -> b.member("anna"));
            s.call("c0", "sales").accept("c0", "anna");
            s.call("low", "sales", Priority.LOW).afterSeconds(1);
            s.call("n1", "sales").afterSeconds(1);
            s.call("n2", "sales").afterSeconds(1);
            s.call("strict", "sales", Priority.STRICT).afterSeconds(1);
            assertThat(s.core().snapshot().services().get(ServiceId.of("sales")).waiting())
                    .extracting(CallId::value)
                    .containsExactly("strict", "n1", "n2", "low");
            s.end("c0").afterSeconds(20);
            assertThat(s.offeredTo("strict")).containsExactly("anna");
        }

        @Test
        void anAgentInSeveralServicesGetsTheLongestWaitingCallOfTheHighestPriority() {
            Scenario s = Scenario.start().agents("anna").available("anna");
            s.service("sales", b -> b.member("anna"));
            s.service("support", b -> b.member("anna"));
            s.call("c0", "sales").accept("c0", "anna");
            s.call("support-old", "support").afterSeconds(5);
            s.call("sales-new", "sales").afterSeconds(5);
            s.call("support-high", "support", Priority.HIGH).afterSeconds(5);
            s.end("c0").afterSeconds(20);
            assertThat(s.offeredTo("support-high")).containsExactly("anna");
            s.accept("support-high", "anna").end("support-high").afterSeconds(20);
            assertThat(s.offeredTo("support-old")).containsExactly("anna");
        }

        @Test
        void aFullQueueOverflows() {
            Scenario s = Scenario.start().agents("anna");
            s.service(
                    "sales",
                    b -> b.member("anna")
                            .queue(QueueSettings.defaults().withMaxSize(2))
                            .closedAction(CallAction.DISCONNECT));
            s.call("c1", "sales").call("c2", "sales").call("c3", "sales");
            assertThat(s.eventsOf(Event.CallOverflowed.class))
                    .extracting(e -> e.call().value())
                    .containsExactly("c3");
        }

        @Test
        void maxWaitFiresOnItsOwnDeadlineEvenWhileRinging() {
            Scenario s = Scenario.start().agents("anna").available("anna");
            s.service(
                    "sales",
                    b -> b.member("anna")
                            .alertTime(Duration.ofSeconds(60))
                            .queue(QueueSettings.defaults().withMaxWait(Duration.ofSeconds(45))));
            s.call("c1", "sales").afterSeconds(50);
            assertThat(s.eventsOf(Event.CallTimedOut.class)).hasSize(1);
            assertThat(s.eventsOf(Event.CallTimedOut.class).get(0).at()).isEqualTo(Scenario.T0.plusSeconds(45));
            assertThat(s.eventsOf(Event.OfferCancelled.class).get(0).reason()).isEqualTo(CancelReason.TIMED_OUT);
            assertThat(s.eventsOf(Event.RonaStarted.class)).isEmpty();
            assertThat(s.why("anna", "sales")).isEmpty();
        }

        @Test
        void noAgentsActionAppliesWhenNobodyIsStaffed() {
            Scenario s = Scenario.start().agents("anna");
            s.service(
                    "sales",
                    b -> b.member("anna")
                            .queue(QueueSettings.defaults().withNoAgentsAction(CallAction.voicemail("sales-box"))));
            s.call("c1", "sales");
            Event.CallRejected rejected = s.eventsOf(Event.CallRejected.class).get(0);
            assertThat(rejected.reason()).isEqualTo(RejectReason.NO_AGENTS);
            assertThat(rejected.action()).isEqualTo(CallAction.voicemail("sales-box"));
            // Staffed but busy in a call still counts as staffed: the call queues.
            s.inCall("anna").call("c2", "sales");
            assertThat(s.eventsOf(Event.CallQueued.class))
                    .extracting(e -> e.call().value())
                    .containsExactly("c2");
        }

        @Test
        void closedOnHolidaysAndOutsideOpeningHours() {
            OpeningHours hours = new OpeningHours(
                    ZoneOffset.UTC,
                    Map.of(DayOfWeek.MONDAY, List.of(TimeRange.of("08:00", "12:00"))),
                    Set.of(LocalDate.parse("2026-01-12")),
                    Map.of(LocalDate.parse("2026-01-19"), List.of(TimeRange.of("10:00", "11:00"))));
            assertThat(hours.isOpen(Scenario.T0)).isTrue(); // Monday 09:00
            assertThat(hours.isOpen(Scenario.T0.plus(Duration.ofHours(4)))).isFalse(); // 13:00
            assertThat(hours.isOpen(Scenario.T0.plus(Duration.ofDays(1)))).isFalse(); // Tuesday
            assertThat(hours.isOpen(Scenario.T0.plus(Duration.ofDays(7)))).isFalse(); // holiday
            assertThat(hours.isOpen(Scenario.T0.plus(Duration.ofDays(14)))).isFalse(); // special day 10-11
            assertThat(hours.isOpen(Scenario.T0.plus(Duration.ofDays(14)).plus(Duration.ofMinutes(90))))
                    .isTrue();
            Scenario s = Scenario.start().agents("anna").available("anna");
            s.service("sales", b -> b.member("anna").openingHours(hours).closedAction(CallAction.forward("+4144")));
            s.afterSeconds(5 * 3600).call("late", "sales");
            assertThat(s.eventsOf(Event.CallRejected.class).get(0).reason()).isEqualTo(RejectReason.CLOSED);
        }

        @Test
        void escalationWidensThePoolAsTheCallWaits() {
            Scenario s = Scenario.start()
                    .agent("expert", Map.of("billing", 5))
                    .agent("rookie", Map.of("billing", 1))
                    .available("rookie");
            s.service(
                    "billing",
                    b -> b.members(ids("expert", "rookie"))
                            .level(new EscalationLevel(Duration.ZERO, List.of(new SkillRequirement("billing", 4))))
                            .level(new EscalationLevel(
                                    Duration.ofSeconds(30), List.of(new SkillRequirement("billing", 1)))));
            s.call("c1", "billing");
            assertThat(s.offeredTo("c1")).isEmpty();
            s.afterSeconds(31);
            assertThat(s.eventsOf(Event.CallEscalated.class)).hasSize(1);
            assertThat(s.offeredTo("c1")).containsExactly("rookie");
            assertThat(s.lastOffer("c1").explanation().level()).isEqualTo(1);
        }

        @Test
        void aHighPriorityCallBorrowsAnAgentFromALowPriorityBroadcast() {
            Scenario s = Scenario.start().agents("a", "b", "c").available("a", "b", "c");
            s.service("low", b -> b.members(ids("a", "b", "c")).distributionType(DistributionType.BROADCAST));
            s.service("vip", b -> b.members(ids("b")));
            s.call("l1", "low", Priority.LOW);
            assertThat(s.offeredTo("l1")).containsExactly("a", "b", "c");
            s.call("v1", "vip", Priority.HIGH);
            assertThat(s.offeredTo("v1")).containsExactly("b");
            assertThat(s.eventsOf(Event.OfferCancelled.class).get(0).reason()).isEqualTo(CancelReason.PREEMPTED);
            assertThat(s.lastOffer("v1").explanation().rule()).contains("head-of-line");
        }

        @Test
        void callerHangingUpWhileRingingCancelsTheOffer() {
            Scenario s = threeAgentsDirect().call("c1", "sales").hangUp("c1");
            assertThat(s.eventsOf(Event.CallAbandoned.class))
                    .singleElement()
                    .extracting(Event.CallAbandoned::whileRinging)
                    .isEqualTo(true);
            assertThat(s.why("anna", "sales")).isEmpty();
        }
    }

    @Nested
    class Participation {
        @Test
        void dutyProfilesActivateSkills() {
            Scenario s = Scenario.start()
                    .agent("anna", Map.of("french", 3, "german", 3))
                    .available("anna")
                    .profile(new ResponsibilityProfile(
                            dev.switchboard.core.model.ProfileId.of("german-only"),
                            "German only",
                            true,
                            Set.of("german")));
            s.service(
                    "fr",
                    b -> b.member("anna")
                            .requiresDuty(true)
                            .level(new EscalationLevel(Duration.ZERO, List.of(new SkillRequirement("french", 1)))));
            assertThat(s.why("anna", "fr")).containsExactly(ReasonCode.OFF_DUTY);
            s.duty("anna", "german-only");
            assertThat(s.why("anna", "fr")).containsExactly(ReasonCode.SKILL_MISSING);
        }

        @Test
        void inactiveInOneServiceStillWorksInAnother() {
            Scenario s = Scenario.start().agents("anna").available("anna");
            s.service("sales", b -> b.member("anna"));
            s.service("support", b -> b.member("anna"));
            s.send(new Command.ActiveInServiceChanged(s.now(), AgentId.of("anna"), ServiceId.of("sales"), false));
            assertThat(s.why("anna", "sales")).containsExactly(ReasonCode.INACTIVE_IN_SERVICE);
            assertThat(s.why("anna", "support")).isEmpty();
        }

        @Test
        void idleClockCanCountFromTheLastOffer() {
            Scenario s = Scenario.start().agents("a", "b").available("a", "b");
            s.service("sales", b -> b.members(ids("a", "b")).idleClock(IdleClock.SINCE_LAST_OFFER));
            s.call("c1", "sales").decline("c1", "a"); // a offered at T0, then b gets it
            s.send(new Command.ResetRona(s.now(), AgentId.of("a")));
            s.accept("c1", "b").end("c1").afterSeconds(60).call("c2", "sales");
            assertThat(s.offeredTo("c2")).containsExactly("a"); // both offered at T0: id order
        }

        @Test
        void removingAnAgentTakesItOutOfEveryService() {
            Scenario s = threeAgentsDirect();
            s.send(new Command.RemoveAgent(s.now(), AgentId.of("anna")));
            assertThat(s.core()
                            .snapshot()
                            .services()
                            .get(ServiceId.of("sales"))
                            .config()
                            .members())
                    .extracting(AgentId::value)
                    .containsExactly("ben", "cleo");
            s.call("c1", "sales");
            assertThat(s.offeredTo("c1")).containsExactly("ben");
        }

        @Test
        void unknownReferencesAreRejectedAndChangeNothing() {
            Scenario s = threeAgentsDirect();
            long before = s.core().stateHash();
            assertThat(s.send(new Command.CallArrived(s.now(), CallId.of("x"), ServiceId.of("nope"), null, null))
                            .rejection())
                    .get()
                    .extracting(Rejection::code)
                    .isEqualTo(Rejection.Code.UNKNOWN_SERVICE);
            assertThat(s.send(new Command.OfferAccepted(s.now(), CallId.of("x"), AgentId.of("anna")))
                            .rejection())
                    .get()
                    .extracting(Rejection::code)
                    .isEqualTo(Rejection.Code.UNKNOWN_CALL);
            assertThat(s.core().stateHash()).isEqualTo(before);
        }
    }

    private static List<AgentId> ids(String... ids) {
        return java.util.Arrays.stream(ids).map(AgentId::of).toList();
    }
}
