package dev.switchboard.http.api;

import dev.switchboard.core.event.CancelReason;
import dev.switchboard.core.event.Explanation;
import dev.switchboard.core.kpi.RangeKpis;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.presence.PresenceGroup;
import dev.switchboard.core.routing.AgentStatus;
import dev.switchboard.core.routing.AgentView;
import dev.switchboard.core.routing.CallView;
import dev.switchboard.core.routing.Reason;
import dev.switchboard.core.routing.ReasonCode;
import dev.switchboard.core.routing.RoutingSnapshot;
import dev.switchboard.core.routing.ServiceEligibility;
import dev.switchboard.core.routing.ServiceView;
import dev.switchboard.http.port.CallRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Snapshot and read-model values turned into the response DTOs of docs/API.md. */
final class Views {
    private Views() {}

    record PresenceDto(
            Availability availability,
            Activity activity,
            boolean outOfOffice,
            Fidelity fidelity,
            String source,
            String sequence,
            Instant observedAt,
            Long ageSeconds,
            PresenceGroup group) {}

    record PresenceInfoDto(
            PresenceDto effective,
            PresenceDto detailed,
            PresenceDto coarse,
            boolean detailedTracking,
            boolean coarseTracking) {}

    record ReasonDto(ReasonCode code, int layer, String description, String detail) {}

    record EligibilityDto(
            String service,
            boolean member,
            boolean active,
            boolean selectable,
            List<ReasonDto> reasons,
            List<List<ReasonDto>> reasonsByLevel) {}

    record AgentDto(
            String id,
            ConfigJson.AgentConfigDto config,
            AgentStatus status,
            Instant statusSince,
            PresenceGroup group,
            Instant groupSince,
            boolean outOfOffice,
            PresenceInfoDto presence,
            String profile,
            boolean onDuty,
            String notReadyReason,
            boolean externalCall,
            String ringingFor,
            String connectedCall,
            Instant afterCallWorkUntil,
            Instant ronaUntil,
            Instant lastCallEnded,
            Instant lastOfferAt,
            List<EligibilityDto> services) {}

    record WaitingCallDto(
            String id, Priority priority, String caller, Instant arrivedAt, long waitingSeconds, int level) {}

    record ServiceDto(
            String id,
            ConfigJson.ServiceConfigDto config,
            List<WaitingCallDto> waiting,
            int ringing,
            int connected,
            int selectable,
            int staffed) {}

    record CandidateDto(String agent, Instant idleSince, int skillScore, int position, boolean chosen) {}

    record ExplanationDto(
            String service,
            DistributionType type,
            int level,
            int selectable,
            String rule,
            String summary,
            List<CandidateDto> candidates) {}

    record OfferDto(
            Instant at,
            List<String> agents,
            Instant expiresAt,
            Instant endedAt,
            Map<String, CallRecord.OfferOutcome> outcomes,
            CancelReason cancelReason,
            ExplanationDto explanation) {}

    record CallDto(
            String id,
            String service,
            Priority priority,
            String caller,
            Instant arrivedAt,
            String status,
            int level,
            List<String> ringing,
            Instant ringExpiresAt,
            String agent,
            Instant connectedAt,
            Instant endedAt,
            CallRecord.Outcome outcome,
            ConfigJson.ActionDto action,
            List<OfferDto> offers) {}

    record StateDto(
            long version,
            Instant at,
            Instant now,
            List<AgentDto> agents,
            List<ServiceDto> services,
            List<CallDto> calls,
            List<ConfigJson.ProfileDto> profiles) {}

    record ServiceKpiDto(
            String service,
            long offered,
            long queued,
            long handled,
            long abandoned,
            long abandonedWhileRinging,
            long overflowed,
            long timedOut,
            long rejected,
            long active,
            long answeredWithinTarget,
            Double serviceLevel,
            Double averageSpeedOfAnswerSeconds,
            Double averageQueueSeconds,
            double talkSeconds,
            Double averageTalkSeconds,
            Double reachability,
            long ronaCount,
            Double teamOccupancy) {}

    record AgentKpiDto(
            String agent,
            long offered,
            long handled,
            long declined,
            long missed,
            long cancelled,
            long ronaCount,
            Double reachability,
            Double averageSpeedOfAnswerSeconds,
            double talkSeconds,
            Double averageTalkSeconds,
            double handlingSeconds,
            double staffedSeconds,
            Double occupancy) {}

    record KpiDto(Instant from, Instant to, List<ServiceKpiDto> services, List<AgentKpiDto> agents) {}

    // =====================================================================================

    static PresenceDto presence(Presence p, Instant now) {
        if (p == null) {
            return null;
        }
        long age = Math.max(0, Duration.between(p.observedAt(), now).toSeconds());
        return new PresenceDto(
                p.availability(),
                p.activity(),
                p.appearsOutOfOffice(),
                p.fidelity(),
                p.source(),
                p.sequence(),
                p.observedAt(),
                age,
                p.group());
    }

    static List<ReasonDto> reasons(List<Reason> reasons) {
        return reasons.stream()
                .map(r -> new ReasonDto(r.code(), r.code().layer(), r.code().description(), r.detail()))
                .toList();
    }

    static AgentDto agent(AgentView a, Instant now) {
        Instant statusSince = a.statusSince();
        List<EligibilityDto> services = new ArrayList<>(a.services().size());
        for (ServiceEligibility e : a.services()) {
            services.add(new EligibilityDto(
                    e.service().value(),
                    e.member(),
                    e.active(),
                    e.selectable(),
                    reasons(e.reasons()),
                    e.reasonsByLevel().stream().map(Views::reasons).toList()));
        }
        return new AgentDto(
                a.config().id().value(),
                ConfigJson.dto(a.config()),
                a.status(),
                statusSince,
                a.group(),
                a.groupSince(),
                a.outOfOffice(),
                new PresenceInfoDto(
                        presence(a.effective(), now),
                        presence(a.detailed(), now),
                        presence(a.coarse(), now),
                        a.detailedTracking(),
                        a.coarseTracking()),
                a.profile() == null ? null : a.profile().value(),
                a.onDuty(),
                a.notReadyReason(),
                a.externalCall(),
                id(a.ringingFor()),
                id(a.connectedCall()),
                a.acwUntil(),
                a.ronaUntil(),
                a.lastCallEnded(),
                a.lastOfferAt(),
                services);
    }

    /** The given agents by id. */
    static List<AgentDto> agents(java.util.Collection<AgentView> agents, Instant now) {
        return agents.stream()
                .sorted(Comparator.comparing(a -> a.config().id()))
                .map(a -> agent(a, now))
                .toList();
    }

    static ServiceDto service(ServiceView v, RoutingSnapshot s, Instant now) {
        List<WaitingCallDto> waiting = new ArrayList<>(v.waiting().size());
        for (CallId id : v.waiting()) {
            CallView c = s.calls().get(id);
            if (c != null) {
                waiting.add(new WaitingCallDto(
                        c.id().value(),
                        c.priority(),
                        c.caller(),
                        c.arrivedAt(),
                        Math.max(0, Duration.between(c.arrivedAt(), now).toSeconds()),
                        c.level()));
            }
        }
        return new ServiceDto(
                v.config().id().value(),
                ConfigJson.dto(v.config()),
                waiting,
                v.ringing(),
                v.connected(),
                v.selectable(),
                v.staffed());
    }

    static List<ServiceDto> services(RoutingSnapshot s, Instant now) {
        return s.services().values().stream()
                .sorted(Comparator.comparing(v -> v.config().id()))
                .map(v -> service(v, s, now))
                .toList();
    }

    static ExplanationDto explanation(Explanation e) {
        if (e == null) {
            return null;
        }
        return new ExplanationDto(
                e.service().value(),
                e.type(),
                e.level(),
                e.selectable(),
                e.rule(),
                e.summary(),
                e.candidates().stream()
                        .map(c -> new CandidateDto(
                                c.agent().value(), c.idleSince(), c.skillScore(), c.position(), c.chosen()))
                        .toList());
    }

    static OfferDto offer(CallRecord.Offer o) {
        Map<String, CallRecord.OfferOutcome> outcomes = new LinkedHashMap<>();
        o.outcomes().forEach((agent, outcome) -> outcomes.put(agent.value(), outcome));
        return new OfferDto(
                o.at(),
                ids(o.agents()),
                o.expiresAt(),
                o.endedAt(),
                outcomes,
                o.cancelReason(),
                explanation(o.explanation()));
    }

    /** An active call: the snapshot decides its state, the log adds its offers. */
    static CallDto call(CallView c, CallRecord log) {
        List<OfferDto> offers;
        if (log != null) {
            offers = log.offers().stream().map(Views::offer).toList();
        } else if (c.lastExplanation() != null) {
            // Arrived before this server started listening: only the last offer is known.
            offers = List.of(new OfferDto(
                    null, ids(c.ringing()), c.ringExpiresAt(), null, Map.of(), null, explanation(c.lastExplanation())));
        } else {
            offers = List.of();
        }
        return new CallDto(
                c.id().value(),
                c.service().value(),
                c.priority(),
                c.caller(),
                c.arrivedAt(),
                c.status(),
                c.level(),
                ids(c.ringing()),
                c.ringExpiresAt(),
                id(c.agent()),
                c.connectedAt(),
                null,
                null,
                null,
                offers);
    }

    /** A call that has ended: only the log knows it. */
    static CallDto endedCall(CallRecord r) {
        return new CallDto(
                r.id().value(),
                r.service().value(),
                r.priority(),
                r.caller(),
                r.arrivedAt(),
                "ENDED",
                r.level(),
                List.of(),
                null,
                id(r.agent()),
                r.connectedAt(),
                r.endedAt(),
                r.outcome(),
                ConfigJson.dto(r.action()),
                r.offers().stream().map(Views::offer).toList());
    }

    /**
     * @param service only this service, or all when null
     * @param agent only this agent, or all when null
     * @param services whether to list services at all
     * @param agents whether to list agents at all
     */
    static KpiDto kpis(RangeKpis r, String service, String agent, boolean services, boolean agents) {
        return new KpiDto(
                r.from(),
                r.to(),
                r.services().stream()
                        .filter(s -> services
                                && (service == null || s.service().value().equals(service)))
                        .map(s -> new ServiceKpiDto(
                                s.service().value(),
                                s.offered(),
                                s.queued(),
                                s.handled(),
                                s.abandoned(),
                                s.abandonedWhileRinging(),
                                s.overflowed(),
                                s.timedOut(),
                                s.rejected(),
                                s.active(),
                                s.answeredWithinTarget(),
                                s.serviceLevel(),
                                seconds(s.averageSpeedOfAnswer()),
                                seconds(s.averageQueueTime()),
                                orZero(s.talkTime()),
                                seconds(s.averageTalkTime()),
                                s.reachability(),
                                s.ronaCount(),
                                s.teamOccupancy()))
                        .toList(),
                r.agents().stream()
                        .filter(a ->
                                agents && (agent == null || a.agent().value().equals(agent)))
                        .map(a -> new AgentKpiDto(
                                a.agent().value(),
                                a.offered(),
                                a.handled(),
                                a.declined(),
                                a.missed(),
                                a.cancelled(),
                                a.ronaCount(),
                                a.reachability(),
                                seconds(a.averageSpeedOfAnswer()),
                                orZero(a.talkTime()),
                                seconds(a.averageTalkTime()),
                                orZero(a.handlingTime()),
                                orZero(a.staffedTime()),
                                a.occupancy()))
                        .toList());
    }

    private static double orZero(Duration d) {
        return d == null ? 0 : d.toMillis() / 1000.0;
    }

    private static Double seconds(Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }

    static String id(AgentId id) {
        return id == null ? null : id.value();
    }

    static String id(CallId id) {
        return id == null ? null : id.value();
    }

    static List<String> ids(List<AgentId> ids) {
        return ids.stream().map(AgentId::value).toList();
    }
}
