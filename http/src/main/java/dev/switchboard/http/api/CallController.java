package dev.switchboard.http.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.routing.CallView;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.Rejection;
import dev.switchboard.core.routing.RoutingSnapshot;
import dev.switchboard.http.auth.Role;
import dev.switchboard.http.live.CallLog;
import dev.switchboard.http.port.CallHistoryQuery;
import dev.switchboard.http.port.CallRecord;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Call control for telephony front ends, and reading calls with their offers. */
final class CallController {
    private static final Set<Role> TELEPHONY = Set.of(Role.TELEPHONY);
    private static final Set<Role> ANSWERING = Set.of(Role.TELEPHONY, Role.AGENT);
    private static final Set<Role> CALL_READERS = Set.of(Role.SUPERVISOR, Role.TELEPHONY);
    /** Agent tokens may read the calls that concern their agent (checked per call). */
    private static final Set<Role> CALL_READERS_AND_AGENTS = Set.of(Role.SUPERVISOR, Role.TELEPHONY, Role.AGENT);
    /** Caller ids are phone numbers or SIP URIs; anything longer is not one. */
    private static final int MAX_CALLER_LENGTH = 256;

    private final Http http;
    private final Commands commands;
    private final CallLog log;
    private final CallHistoryQuery history;

    CallController(Http http, Commands commands, CallLog log, CallHistoryQuery history) {
        this.http = http;
        this.commands = commands;
        this.log = log;
        this.history = history;
    }

    void register() {
        http.route(GET, "/api/calls", CALL_READERS, this::list);
        http.route(POST, "/api/calls", TELEPHONY, this::arrive);
        http.route(GET, "/api/calls/{callId}", CALL_READERS_AND_AGENTS, this::get);
        http.route(POST, "/api/calls/{callId}/hangup", TELEPHONY, this::hangUp);
        http.route(POST, "/api/calls/{callId}/accept", ANSWERING, this::accept);
        http.route(POST, "/api/calls/{callId}/decline", ANSWERING, this::decline);
        http.route(POST, "/api/calls/{callId}/end", TELEPHONY, this::end);
        http.route(POST, "/api/agents/{agentId}/external-call", TELEPHONY, this::externalCall);
    }

    record CallCreatedDto(String id, String status, List<com.fasterxml.jackson.databind.util.RawValue> events) {}

    private void arrive(Context ctx) {
        JsonInput in = JsonInput.parse(http.mapper(), http.body(ctx)).allowOnly("id", "service", "priority", "caller");
        String rawId = in.string("id");
        CallId id = rawId == null
                ? CallId.of(UUID.randomUUID().toString())
                : ConfigJson.build("id", false, () -> CallId.of(rawId));
        ServiceId service = ConfigJson.serviceId(in.requireString("service"), "service");
        Priority priority = in.enumValue("priority", Priority.class);
        String caller = in.string("caller");
        if (caller != null && caller.length() > MAX_CALLER_LENGTH) {
            throw ApiException.invalid("caller", "must be at most " + MAX_CALLER_LENGTH + " characters");
        }
        Outcome outcome = commands.accept(
                new Command.CallArrived(commands.now(), id, service, priority, caller),
                Map.of(Rejection.Code.UNKNOWN_SERVICE, "service"));
        ctx.header(
                "Location",
                "/api/calls/"
                        + URLEncoder.encode(id.value(), StandardCharsets.UTF_8).replace("+", "%20"));
        http.json(
                ctx,
                201,
                new CallCreatedDto(id.value(), status(id, outcome.events()), commands.events(outcome.events())));
    }

    /** Where the new call stands after its arrival was decided. */
    private static String status(CallId id, List<Event> events) {
        String status = "WAITING";
        for (Event e : events) {
            switch (e) {
                case Event.CallRejected r
                when r.call().equals(id) -> {
                    return "REJECTED";
                }
                case Event.CallOverflowed o
                when o.call().equals(id) -> {
                    return "OVERFLOWED";
                }
                case Event.CallOffered o when o.call().equals(id) -> status = "RINGING";
                default -> {}
            }
        }
        return status;
    }

    private void list(Context ctx) {
        commands.awaitReadModels();
        RoutingSnapshot s = commands.snapshot();
        http.json(
                ctx,
                s.calls().values().stream()
                        .sorted(Comparator.comparing(CallView::arrivedAt).thenComparing(CallView::id))
                        .map(c -> Views.call(c, log.find(c.id()).orElse(null)))
                        .toList());
    }

    /**
     * An active call from the snapshot, with its offers from the call log; an ended one from the
     * log. What the log does not know (it ended long ago, or before this server started) the
     * history is asked for. Agent tokens read only calls that concern their agent.
     */
    private void get(Context ctx) {
        CallId id = CallId.of(Http.pathId(ctx, "callId"));
        commands.awaitReadModels();
        CallView active = commands.snapshot().calls().get(id);
        CallRecord record = log.find(id).orElse(null);
        if (record == null || (active == null && record.outcome() == null)) {
            record = history.find(id)
                    .filter(r -> active != null || r.outcome() != null)
                    .orElse(null);
        }
        if (Http.limitedToOwnAgent(ctx)
                && !concerns(active, record, Http.principal(ctx).agent())) {
            throw Http.forbidden(
                    "an agent token may read only calls that ring on, are connected to or were last offered to its agent");
        }
        if (active != null) {
            http.json(ctx, Views.call(active, record));
        } else if (record != null) {
            http.json(ctx, Views.endedCall(record));
        } else {
            throw ApiException.notFound("UNKNOWN_CALL", "no call " + id + " (active or in the history)");
        }
    }

    private static boolean concerns(CallView active, CallRecord record, AgentId agent) {
        if (agent == null) {
            return false;
        }
        if (active != null && (active.ringing().contains(agent) || agent.equals(active.agent()))) {
            return true;
        }
        return record != null && record.concerns(agent);
    }

    private void hangUp(Context ctx) {
        CallId id = CallId.of(Http.pathId(ctx, "callId"));
        http.json(ctx, commands.result(commands.accept(new Command.CallerHungUp(commands.now(), id))));
    }

    private void accept(Context ctx) {
        CallId id = CallId.of(Http.pathId(ctx, "callId"));
        AgentId agent = answeringAgent(ctx);
        http.json(
                ctx,
                commands.result(commands.accept(
                        new Command.OfferAccepted(commands.now(), id, agent),
                        Map.of(Rejection.Code.UNKNOWN_AGENT, "agent"))));
    }

    private void decline(Context ctx) {
        CallId id = CallId.of(Http.pathId(ctx, "callId"));
        AgentId agent = answeringAgent(ctx);
        http.json(
                ctx,
                commands.result(commands.accept(
                        new Command.OfferDeclined(commands.now(), id, agent),
                        Map.of(Rejection.Code.UNKNOWN_AGENT, "agent"))));
    }

    private AgentId answeringAgent(Context ctx) {
        JsonInput in = JsonInput.parse(http.mapper(), http.body(ctx)).allowOnly("agent");
        AgentId agent = ConfigJson.agentId(in.requireString("agent"), "agent");
        Http.requireActFor(ctx, agent);
        return agent;
    }

    private void end(Context ctx) {
        CallId id = CallId.of(Http.pathId(ctx, "callId"));
        http.json(ctx, commands.result(commands.accept(new Command.CallEnded(commands.now(), id))));
    }

    private void externalCall(Context ctx) {
        AgentId agent = AgentId.of(Http.pathId(ctx, "agentId"));
        boolean inCall = JsonInput.parse(http.mapper(), http.body(ctx))
                .allowOnly("inCall")
                .requireBool("inCall");
        http.json(
                ctx, commands.result(commands.accept(new Command.ExternalCallReported(commands.now(), agent, inCall))));
    }
}
