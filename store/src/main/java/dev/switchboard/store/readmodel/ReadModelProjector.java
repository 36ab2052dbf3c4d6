package dev.switchboard.store.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallAction;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.PresenceGroup;
import dev.switchboard.core.routing.AgentStatus;
import dev.switchboard.engine.JournaledEvent;
import dev.switchboard.store.Jdbc;
import dev.switchboard.store.StoreException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects journaled events into the read-model tables (configuration, call and offer history,
 * agent state intervals, presence audit) inside the journal's append transaction, so the read
 * models never disagree with the journal.
 *
 * <p>It keeps in memory only what is still open — services and profiles (small), active calls,
 * ringing offers, each agent's status inputs — loaded from the tables when it is created, and
 * writes each batch with a few batched statements. One instance per tenant, used by one thread.
 * If a transaction fails, call {@link #reload} before projecting again.
 */
public final class ReadModelProjector {
    private static final Logger log = LoggerFactory.getLogger(ReadModelProjector.class);

    private final String tenant;
    private final ObjectMapper json;

    private final Map<ServiceId, ServiceRow> services = new HashMap<>();
    private final Map<ProfileId, ResponsibilityProfile> profiles = new HashMap<>();
    private final Map<CallId, CallRow> activeCalls = new HashMap<>();
    private final Map<AgentId, AgentRow> agents = new HashMap<>();

    // The current batch.
    private final Set<CallRow> touchedCalls = new LinkedHashSet<>();
    private final Set<OfferAgentRow> touchedOffers = new LinkedHashSet<>();
    private final Set<AgentRow> touchedAgents = new LinkedHashSet<>();
    private final List<AgentRow> deletedAgents = new ArrayList<>();
    private final List<Interval> intervals = new ArrayList<>();
    private final List<OfferRow> offers = new ArrayList<>();
    private final List<AuditRow> audits = new ArrayList<>();
    /** Agents whose status inputs the current event changed; their status is derived once after it. */
    private final Map<AgentRow, Boolean> eventAgents = new IdentityHashMap<>();

    private ReadModelProjector(String tenant, ObjectMapper json) {
        this.tenant = tenant;
        this.json = json;
    }

    /** Loads the open state of a tenant's read models. */
    public static ReadModelProjector load(Connection c, String tenant, ObjectMapper json) throws SQLException {
        ReadModelProjector p = new ReadModelProjector(tenant, json);
        p.reload(c);
        return p;
    }

    /** Forgets everything in memory and loads it again from the tables (after a rollback). */
    public void reload(Connection c) throws SQLException {
        services.clear();
        profiles.clear();
        activeCalls.clear();
        agents.clear();
        clearBatch();
        try (PreparedStatement ps = c.prepareStatement("SELECT config FROM config_service WHERE tenant = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ServiceConfig config = read(rs.getString(1), ServiceConfig.class);
                    services.put(config.id(), new ServiceRow(config));
                }
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT service_id, agent_id, active FROM config_service_member WHERE tenant = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ServiceRow s = services.get(ServiceId.of(rs.getString(1)));
                    if (s != null) {
                        s.active.put(AgentId.of(rs.getString(2)), rs.getBoolean(3));
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT config FROM config_profile WHERE tenant = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ResponsibilityProfile profile = read(rs.getString(1), ResponsibilityProfile.class);
                    profiles.put(profile.id(), profile);
                }
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT * FROM call_history WHERE tenant = ? AND outcome IS NULL")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CallRow row = CallRow.read(rs);
                    activeCalls.put(row.callId, row);
                }
            }
        }
        Map<Long, CallRow> byKey = new HashMap<>();
        activeCalls.values().forEach(r -> byKey.put(r.key, r));
        try (PreparedStatement ps =
                c.prepareStatement("SELECT * FROM call_offer_agent WHERE tenant = ? AND result IS NULL")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OfferAgentRow row = OfferAgentRow.read(rs);
                    CallRow call = byKey.get(row.callKey);
                    if (call != null) {
                        call.ringing.put(row.agent, row);
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM agent_current WHERE tenant = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AgentRow row = AgentRow.read(rs);
                    agents.put(row.id, row);
                }
            }
        }
    }

    /**
     * Writes the read-model changes of these entries using the caller's transaction. The caller
     * commits and then calls {@link #committed}, or rolls back and calls {@link #reload}.
     */
    public void project(Connection c, List<JournaledEvent> entries) throws SQLException {
        clearBatch();
        for (JournaledEvent entry : entries) {
            eventAgents.clear();
            apply(c, entry.sequence(), entry.event());
            for (AgentRow a : eventAgents.keySet()) {
                deriveStatus(a, micros(entry.event().at()), entry.sequence());
            }
        }
        eventAgents.clear();
        flush(c);
    }

    /** The batch was committed: what was written is now in the tables. */
    public void committed() {
        touchedCalls.forEach(r -> r.persisted = true);
        touchedOffers.forEach(r -> r.persisted = true);
        touchedAgents.forEach(r -> r.persisted = true);
        for (CallRow call : touchedCalls) {
            call.lastOffer.clear();
        }
        clearBatch();
    }

    private void clearBatch() {
        touchedCalls.clear();
        touchedOffers.clear();
        touchedAgents.clear();
        deletedAgents.clear();
        intervals.clear();
        offers.clear();
        audits.clear();
    }

    // =====================================================================================
    // Events
    // =====================================================================================

    private void apply(Connection c, long seq, Event event) throws SQLException {
        Instant at = micros(event.at());
        switch (event) {
            case Event.ServiceConfigured e -> serviceConfigured(c, seq, at, e.service());
            case Event.ServiceRemoved e -> {
                services.remove(e.service());
                delete(
                        c,
                        "DELETE FROM config_service_member WHERE tenant = ? AND service_id = ?",
                        e.service().value());
                delete(
                        c,
                        "DELETE FROM config_service WHERE tenant = ? AND service_id = ?",
                        e.service().value());
            }
            case Event.AgentConfigured e -> agentConfigured(c, seq, at, e.agent());
            case Event.AgentRemoved e -> agentRemoved(c, seq, at, e.agent());
            case Event.ProfileConfigured e -> {
                ResponsibilityProfile p = e.profile();
                profiles.put(p.id(), p);
                upsert(
                        c,
                        "UPDATE config_profile SET name = ?, on_duty = ?, config = ?, updated_at = ?, updated_seq = ?"
                                + " WHERE tenant = ? AND profile_id = ?",
                        "INSERT INTO config_profile (name, on_duty, config, updated_at, updated_seq, tenant,"
                                + " profile_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        ps -> {
                            ps.setString(1, p.name());
                            ps.setBoolean(2, p.onDuty());
                            ps.setString(3, write(p));
                            Jdbc.setInstant(ps, 4, at);
                            ps.setLong(5, seq);
                            ps.setString(6, tenant);
                            ps.setString(7, p.id().value());
                        });
                for (AgentRow a : agents.values()) {
                    if (p.id().equals(a.profile)) {
                        a.onDuty = p.onDuty();
                        touched(a);
                    }
                }
            }
            case Event.ProfileRemoved e -> {
                profiles.remove(e.profile());
                delete(
                        c,
                        "DELETE FROM config_profile WHERE tenant = ? AND profile_id = ?",
                        e.profile().value());
                for (AgentRow a : agents.values()) {
                    if (e.profile().equals(a.profile)) {
                        a.profile = null;
                        a.onDuty = false;
                        touched(a);
                    }
                }
            }
            case Event.CallQueued e -> {
                ServiceRow s = services.get(e.service());
                CallRow row = new CallRow(seq, e.call(), e.service(), at);
                row.priority = e.priority() == null ? null : e.priority().name();
                row.caller = e.caller();
                row.serviceLevelTargetMs =
                        s == null ? null : s.config.serviceLevelTarget().toMillis();
                activeCalls.put(e.call(), row);
                touchedCalls.add(row);
            }
            case Event.CallRejected e -> {
                CallRow row = new CallRow(seq, e.call(), e.service(), at);
                ServiceRow s = services.get(e.service());
                row.serviceLevelTargetMs =
                        s == null ? null : s.config.serviceLevelTarget().toMillis();
                row.reason = e.reason().name();
                end(row, at, "REJECTED", e.action());
                touchedCalls.add(row);
            }
            case Event.CallOverflowed e -> finish(e.call(), at, "OVERFLOWED", null, e.action());
            case Event.CallTimedOut e -> finish(e.call(), at, "TIMED_OUT", null, e.action());
            case Event.CallAbandoned e ->
                finish(e.call(), at, "ABANDONED", e.whileRinging() ? "WHILE_RINGING" : "IN_QUEUE", null);
            case Event.CallEscalated e -> {
                CallRow row = call(e.call(), event);
                if (row != null && e.level() > row.maxLevel) {
                    row.maxLevel = e.level();
                    touchedCalls.add(row);
                }
            }
            case Event.CallOffered e -> callOffered(seq, at, e);
            case Event.OfferDeclined e -> offerEnded(e.call(), List.of(e.agent()), at, "DECLINED", null, event);
            case Event.OfferExpired e -> offerEnded(e.call(), e.agents(), at, "EXPIRED", null, event);
            case Event.OfferCancelled e ->
                offerEnded(e.call(), e.agents(), at, "CANCELLED", e.reason().name(), event);
            case Event.CallRequeued e -> {}
            case Event.CallConnected e -> {
                CallRow row = call(e.call(), event);
                if (row != null) {
                    offerEnded(e.call(), List.of(e.agent()), at, "ACCEPTED", null, event);
                    row.answeredAt = at;
                    row.answeredBy = e.agent().value();
                    row.queueMs = millis(row.arrivedAt, at);
                    touchedCalls.add(row);
                }
                AgentRow a = agent(e.agent(), event);
                if (a != null) {
                    a.ringingCall = null;
                    a.connectedCall = e.call().value();
                    changed(a);
                }
            }
            case Event.CallCompleted e -> {
                CallRow row = call(e.call(), event);
                if (row != null) {
                    row.talkMs = row.answeredAt == null ? null : millis(row.answeredAt, at);
                    end(row, at, "COMPLETED", null);
                    activeCalls.remove(e.call());
                    touchedCalls.add(row);
                }
                AgentRow a = agent(e.agent(), event);
                if (a != null) {
                    a.connectedCall = null;
                    changed(a);
                }
            }
            case Event.AgentPresenceChanged e -> {
                AgentRow a = agent(e.agent(), event);
                if (a != null) {
                    if (e.presence().fidelity() == Fidelity.DETAILED) {
                        a.detailedGroup = e.presence().group();
                    } else {
                        a.coarseGroup = e.presence().group();
                    }
                    changed(a);
                }
            }
            case Event.PresenceTrackingChanged e -> {
                for (AgentId id : e.agents()) {
                    AgentRow a = agents.get(id);
                    if (a == null) {
                        continue; // the core skips agents it does not know, too
                    }
                    if (e.fidelity() == Fidelity.DETAILED) {
                        a.detailedTracking = e.tracking();
                    } else {
                        a.coarseTracking = e.tracking();
                    }
                    changed(a);
                }
                audits.add(new AuditRow(
                        seq,
                        at,
                        e.source(),
                        e.fidelity().name(),
                        e.tracking(),
                        e.reason() == null ? "" : e.reason(),
                        e.agents().size(),
                        write(e.agents().stream().map(AgentId::value).toList())));
            }
            case Event.DutyChanged e -> {
                AgentRow a = agent(e.agent(), event);
                if (a != null) {
                    a.profile = e.profile();
                    ResponsibilityProfile p = e.profile() == null ? null : profiles.get(e.profile());
                    a.onDuty = p != null && p.onDuty();
                    touched(a);
                }
            }
            case Event.ActiveInServiceChanged e -> {
                ServiceRow s = services.get(e.service());
                if (s != null && s.active.containsKey(e.agent())) {
                    s.active.put(e.agent(), e.active());
                    try (PreparedStatement ps = c.prepareStatement("UPDATE config_service_member SET active = ?"
                            + " WHERE tenant = ? AND service_id = ? AND agent_id = ?")) {
                        ps.setBoolean(1, e.active());
                        ps.setString(2, tenant);
                        ps.setString(3, e.service().value());
                        ps.setString(4, e.agent().value());
                        ps.executeUpdate();
                    }
                } else {
                    inconsistent(event, "no membership of " + e.agent() + " in " + e.service());
                }
            }
            case Event.AgentReadinessChanged e -> {
                AgentRow a = agent(e.agent(), event);
                if (a != null) {
                    a.notReadyReason = e.ready() ? null : e.reason();
                    changed(a);
                }
            }
            case Event.RonaStarted e -> {
                AgentRow a = agent(e.agent(), event);
                if (a != null) {
                    a.rona = true;
                    changed(a);
                }
                CallRow row = activeCalls.get(e.call());
                if (row != null) {
                    row.ronaCount++;
                    touchedCalls.add(row);
                    OfferAgentRow offer = row.lastOffer.get(e.agent());
                    if (offer != null) {
                        offer.rona = true;
                        touchedOffers.add(offer);
                    }
                }
            }
            case Event.RonaCleared e -> {
                AgentRow a = agent(e.agent(), event);
                if (a != null) {
                    a.rona = false;
                    changed(a);
                }
            }
            case Event.AfterCallWorkStarted e -> {
                AgentRow a = agent(e.agent(), event);
                if (a != null) {
                    a.afterCallWork = true;
                    changed(a);
                }
            }
            case Event.AfterCallWorkEnded e -> {
                AgentRow a = agent(e.agent(), event);
                if (a != null) {
                    a.afterCallWork = false;
                    changed(a);
                }
            }
            case Event.ExternalCallChanged e -> {
                AgentRow a = agent(e.agent(), event);
                if (a != null) {
                    a.externalCall = e.inCall();
                    changed(a);
                }
            }
        }
    }

    private void serviceConfigured(Connection c, long seq, Instant at, ServiceConfig config) throws SQLException {
        ServiceRow old = services.get(config.id());
        ServiceRow next = new ServiceRow(config);
        for (AgentId member : config.members()) {
            Boolean was = old == null ? null : old.active.get(member);
            next.active.put(member, was != null ? was : config.newMembersActive());
        }
        services.put(config.id(), next);
        writeService(c, seq, at, next);
    }

    private void writeService(Connection c, long seq, Instant at, ServiceRow s) throws SQLException {
        ServiceConfig config = s.config;
        upsert(
                c,
                "UPDATE config_service SET name = ?, distribution_type = ?, service_level_target_ms = ?, config = ?,"
                        + " updated_at = ?, updated_seq = ? WHERE tenant = ? AND service_id = ?",
                "INSERT INTO config_service (name, distribution_type, service_level_target_ms, config, updated_at,"
                        + " updated_seq, tenant, service_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, config.name());
                    ps.setString(2, config.distributionType().name());
                    ps.setLong(3, config.serviceLevelTarget().toMillis());
                    ps.setString(4, write(config));
                    Jdbc.setInstant(ps, 5, at);
                    ps.setLong(6, seq);
                    ps.setString(7, tenant);
                    ps.setString(8, config.id().value());
                });
        delete(
                c,
                "DELETE FROM config_service_member WHERE tenant = ? AND service_id = ?",
                config.id().value());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO config_service_member"
                + " (tenant, service_id, agent_id, position, active) VALUES (?, ?, ?, ?, ?)")) {
            int position = 0;
            for (Map.Entry<AgentId, Boolean> m : s.active.entrySet()) {
                ps.setString(1, tenant);
                ps.setString(2, config.id().value());
                ps.setString(3, m.getKey().value());
                ps.setInt(4, position++);
                ps.setBoolean(5, m.getValue());
                ps.addBatch();
            }
            if (position > 0) {
                ps.executeBatch();
            }
        }
    }

    private void agentConfigured(Connection c, long seq, Instant at, AgentConfig config) throws SQLException {
        upsert(
                c,
                "UPDATE config_agent SET display_name = ?, user_id = ?, config = ?, updated_at = ?, updated_seq = ?"
                        + " WHERE tenant = ? AND agent_id = ?",
                "INSERT INTO config_agent (display_name, user_id, config, updated_at, updated_seq, tenant, agent_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, config.displayName());
                    ps.setString(2, config.userId());
                    ps.setString(3, write(config));
                    Jdbc.setInstant(ps, 4, at);
                    ps.setLong(5, seq);
                    ps.setString(6, tenant);
                    ps.setString(7, config.id().value());
                });
        delete(
                c,
                "DELETE FROM config_agent_skill WHERE tenant = ? AND agent_id = ?",
                config.id().value());
        if (!config.skills().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO config_agent_skill (tenant, agent_id, skill, level) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, Integer> skill : config.skills().entrySet()) {
                    ps.setString(1, tenant);
                    ps.setString(2, config.id().value());
                    ps.setString(3, skill.getKey());
                    ps.setInt(4, skill.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!agents.containsKey(config.id())) {
            // A new agent starts as the core starts it: no presence yet, so offline.
            AgentRow row = new AgentRow(config.id(), AgentStatus.OFFLINE, at, seq);
            agents.put(row.id, row);
            touched(row);
        }
    }

    private void agentRemoved(Connection c, long seq, Instant at, AgentId id) throws SQLException {
        delete(c, "DELETE FROM config_agent_skill WHERE tenant = ? AND agent_id = ?", id.value());
        delete(c, "DELETE FROM config_agent WHERE tenant = ? AND agent_id = ?", id.value());
        // The core drops the agent from every service's members without a ServiceConfigured event.
        for (ServiceRow s : List.copyOf(services.values())) {
            if (s.active.containsKey(id)) {
                List<AgentId> members = new ArrayList<>(s.config.members());
                members.remove(id);
                ServiceRow next =
                        new ServiceRow(s.config.toBuilder().members(members).build());
                s.active.forEach((agent, active) -> {
                    if (!agent.equals(id)) {
                        next.active.put(agent, active);
                    }
                });
                services.put(next.config.id(), next);
                writeService(c, seq, at, next);
            }
        }
        AgentRow row = agents.remove(id);
        if (row != null) {
            closeInterval(row, at);
            touchedAgents.remove(row);
            eventAgents.remove(row);
            if (row.persisted) {
                deletedAgents.add(row);
            }
        }
    }

    private void callOffered(long seq, Instant at, Event.CallOffered e) {
        CallRow call = call(e.call(), e);
        if (call == null) {
            return;
        }
        call.offeredCount++;
        if (call.firstOfferedAt == null) {
            call.firstOfferedAt = at;
        }
        touchedCalls.add(call);
        offers.add(new OfferRow(
                seq,
                call.key,
                e.call(),
                call.service,
                at,
                micros(e.expiresAt()),
                e.explanation() == null ? 0 : e.explanation().level(),
                e.agents().size(),
                write(e.explanation())));
        for (AgentId agent : e.agents()) {
            OfferAgentRow offer = new OfferAgentRow(seq, agent, call.key, call.service, at);
            call.ringing.put(agent, offer);
            touchedOffers.add(offer);
            AgentRow a = agent(agent, e);
            if (a != null) {
                a.ringingCall = e.call().value();
                changed(a);
            }
        }
    }

    private void offerEnded(
            CallId callId, List<AgentId> agentIds, Instant at, String result, String reason, Event event) {
        CallRow call = activeCalls.get(callId);
        for (AgentId agent : agentIds) {
            OfferAgentRow offer = call == null ? null : call.ringing.remove(agent);
            if (offer != null) {
                offer.result = result;
                offer.cancelReason = reason;
                offer.endedAt = at;
                offer.ringMs = millis(offer.offeredAt, at);
                touchedOffers.add(offer);
                call.lastOffer.put(agent, offer);
            } else if (!result.equals("ACCEPTED")) {
                inconsistent(event, "no offer of " + callId + " rings on " + agent);
            }
            AgentRow a = agents.get(agent);
            if (a != null && callId.value().equals(a.ringingCall)) {
                a.ringingCall = null;
                changed(a);
            }
        }
    }

    private void finish(CallId callId, Instant at, String outcome, String reason, CallAction action) {
        CallRow row = activeCalls.remove(callId);
        if (row == null) {
            log.warn("tenant {}: read model has no active call {} to mark {}", tenant, callId, outcome);
            return;
        }
        row.reason = reason;
        if (row.answeredAt == null) {
            row.queueMs = millis(row.arrivedAt, at);
        }
        end(row, at, outcome, action);
        touchedCalls.add(row);
    }

    private static void end(CallRow row, Instant at, String outcome, CallAction action) {
        row.endedAt = at;
        row.outcome = outcome;
        if (action != null) {
            row.actionType = action.type().name();
            row.actionTarget = action.target();
        }
    }

    private CallRow call(CallId id, Event event) {
        CallRow row = activeCalls.get(id);
        if (row == null) {
            inconsistent(event, "no active call " + id);
        }
        return row;
    }

    private AgentRow agent(AgentId id, Event event) {
        AgentRow row = agents.get(id);
        if (row == null) {
            inconsistent(event, "no agent " + id);
        }
        return row;
    }

    /**
     * The read model lacks what an event refers to. The journal is the truth and the command is
     * already decided, so the append goes on; the warning says the read model needs a look.
     */
    private void inconsistent(Event event, String what) {
        log.warn(
                "tenant {}: read model out of step at {}: {}",
                tenant,
                event.getClass().getSimpleName(),
                what);
    }

    // =====================================================================================
    // Agent status
    // =====================================================================================

    /** The agent's status inputs changed by the current event: derive its status after it. */
    private void changed(AgentRow a) {
        eventAgents.put(a, Boolean.TRUE);
        touched(a);
    }

    private void touched(AgentRow a) {
        touchedAgents.add(a);
    }

    private void deriveStatus(AgentRow a, Instant at, long seq) {
        if (!agents.containsKey(a.id) || agents.get(a.id) != a) {
            return;
        }
        AgentStatus next = a.derive();
        if (next != a.status) {
            closeInterval(a, at);
            a.status = next;
            a.statusSince = at;
            a.statusSeq = seq;
            touched(a);
        }
    }

    /**
     * Writes the interval the agent's current status ends with. Intervals of no length are left
     * out: they are the passing states between the events of one decision (a call completes, then
     * after-call work starts at the same instant) and hold no time.
     */
    private void closeInterval(AgentRow a, Instant at) {
        if (at.isAfter(a.statusSince)) {
            intervals.add(new Interval(a.id, a.statusSeq, a.status, a.statusSince, at));
        }
    }

    // =====================================================================================
    // Writing
    // =====================================================================================

    private void flush(Connection c) throws SQLException {
        if (!deletedAgents.isEmpty()) {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM agent_current WHERE tenant = ? AND agent_id = ?")) {
                for (AgentRow a : deletedAgents) {
                    ps.setString(1, tenant);
                    ps.setString(2, a.id.value());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        List<AgentRow> newAgents = new ArrayList<>();
        List<AgentRow> changedAgents = new ArrayList<>();
        for (AgentRow a : touchedAgents) {
            (a.persisted ? changedAgents : newAgents).add(a);
        }
        batch(c, AgentRow.INSERT, newAgents, (ps, a) -> a.bind(ps, tenant));
        batch(c, AgentRow.UPDATE, changedAgents, (ps, a) -> a.bind(ps, tenant));
        batch(c, Interval.INSERT, intervals, (ps, i) -> i.bind(ps, tenant));

        List<CallRow> newCalls = new ArrayList<>();
        List<CallRow> changedCalls = new ArrayList<>();
        for (CallRow r : touchedCalls) {
            (r.persisted ? changedCalls : newCalls).add(r);
        }
        batch(c, CallRow.INSERT, newCalls, (ps, r) -> r.bind(ps, tenant));
        batch(c, CallRow.UPDATE, changedCalls, (ps, r) -> r.bind(ps, tenant));
        batch(c, OfferRow.INSERT, offers, (ps, o) -> o.bind(ps, tenant));

        List<OfferAgentRow> newOffers = new ArrayList<>();
        List<OfferAgentRow> changedOffers = new ArrayList<>();
        for (OfferAgentRow r : touchedOffers) {
            (r.persisted ? changedOffers : newOffers).add(r);
        }
        batch(c, OfferAgentRow.INSERT, newOffers, (ps, r) -> r.bind(ps, tenant));
        batch(c, OfferAgentRow.UPDATE, changedOffers, (ps, r) -> r.bind(ps, tenant));
        batch(c, AuditRow.INSERT, audits, (ps, a) -> a.bind(ps, tenant));
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    private static <T> void batch(Connection c, String sql, List<T> rows, Binder<T> binder) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (T row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @FunctionalInterface
    private interface Params {
        void set(PreparedStatement ps) throws SQLException;
    }

    /** UPDATE, or INSERT when nothing was there; both statements take the same parameters. */
    private static void upsert(Connection c, String update, String insert, Params params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(update)) {
            params.set(ps);
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            params.set(ps);
            ps.executeUpdate();
        }
    }

    private void delete(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot read a stored " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The databases keep microseconds; so does everything the projection computes with. */
    static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    static long millis(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }

    // =====================================================================================
    // Rows
    // =====================================================================================

    private static final class ServiceRow {
        final ServiceConfig config;
        /** Members in configured order, with the per-service active toggle. */
        final Map<AgentId, Boolean> active = new LinkedHashMap<>();

        ServiceRow(ServiceConfig config) {
            this.config = config;
        }
    }

    private record Interval(AgentId agent, long startSeq, AgentStatus status, Instant from, Instant to) {
        static final String INSERT = "INSERT INTO agent_state_history"
                + " (tenant, agent_id, start_seq, status, started_at, ended_at, duration_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)";

        void bind(PreparedStatement ps, String tenant) throws SQLException {
            ps.setString(1, tenant);
            ps.setString(2, agent.value());
            ps.setLong(3, startSeq);
            ps.setString(4, status.name());
            Jdbc.setInstant(ps, 5, from);
            Jdbc.setInstant(ps, 6, to);
            ps.setLong(7, millis(from, to));
        }
    }

    private record OfferRow(
            long key,
            long callKey,
            CallId call,
            String service,
            Instant offeredAt,
            Instant expiresAt,
            int level,
            int agentCount,
            String explanation) {
        static final String INSERT = "INSERT INTO call_offer (tenant, offer_key, call_key, call_id, service_id,"
                + " offered_at, expires_at, level, agent_count, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

        void bind(PreparedStatement ps, String tenant) throws SQLException {
            ps.setString(1, tenant);
            ps.setLong(2, key);
            ps.setLong(3, callKey);
            ps.setString(4, call.value());
            ps.setString(5, service);
            Jdbc.setInstant(ps, 6, offeredAt);
            Jdbc.setInstant(ps, 7, expiresAt);
            ps.setInt(8, level);
            ps.setInt(9, agentCount);
            ps.setString(10, explanation);
        }
    }

    private record AuditRow(
            long seq,
            Instant at,
            String source,
            String fidelity,
            boolean tracking,
            String reason,
            int agentCount,
            String agents) {
        static final String INSERT = "INSERT INTO presence_tracking_audit"
                + " (tenant, seq, at, source, fidelity, tracking, reason, agent_count, agents)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

        void bind(PreparedStatement ps, String tenant) throws SQLException {
            ps.setString(1, tenant);
            ps.setLong(2, seq);
            Jdbc.setInstant(ps, 3, at);
            ps.setString(4, source);
            ps.setString(5, fidelity);
            ps.setBoolean(6, tracking);
            ps.setString(7, reason);
            ps.setInt(8, agentCount);
            ps.setString(9, agents);
        }
    }

    /** One call's row in call_history while it is being written. */
    private static final class CallRow {
        static final String COLUMNS = "service_id, priority, caller, arrived_at, service_level_target_ms,"
                + " offered_count, first_offered_at, max_level, rona_count, answered_at, answered_by, queue_ms,"
                + " talk_ms, ended_at, outcome, reason, action_type, action_target, tenant, call_id, call_key";
        static final String INSERT = "INSERT INTO call_history (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        static final String UPDATE = "UPDATE call_history SET service_id = ?, priority = ?, caller = ?,"
                + " arrived_at = ?, service_level_target_ms = ?, offered_count = ?, first_offered_at = ?,"
                + " max_level = ?, rona_count = ?, answered_at = ?, answered_by = ?, queue_ms = ?, talk_ms = ?,"
                + " ended_at = ?, outcome = ?, reason = ?, action_type = ?, action_target = ?"
                + " WHERE tenant = ? AND call_id = ? AND call_key = ?";

        final long key;
        final CallId callId;
        final String service;
        final Instant arrivedAt;
        String priority;
        String caller;
        Long serviceLevelTargetMs;
        int offeredCount;
        Instant firstOfferedAt;
        int maxLevel;
        int ronaCount;
        Instant answeredAt;
        String answeredBy;
        Long queueMs;
        Long talkMs;
        Instant endedAt;
        String outcome;
        String reason;
        String actionType;
        String actionTarget;
        boolean persisted;
        /** Offers ringing now, by agent. */
        final Map<AgentId, OfferAgentRow> ringing = new HashMap<>();
        /** Offers that ended in this batch, by agent: a RONA that follows marks them. */
        final Map<AgentId, OfferAgentRow> lastOffer = new HashMap<>();

        CallRow(long key, CallId callId, ServiceId service, Instant arrivedAt) {
            this.key = key;
            this.callId = callId;
            this.service = service.value();
            this.arrivedAt = arrivedAt;
        }

        static CallRow read(ResultSet rs) throws SQLException {
            CallRow r = new CallRow(
                    rs.getLong("call_key"),
                    CallId.of(rs.getString("call_id")),
                    ServiceId.of(rs.getString("service_id")),
                    Jdbc.getInstant(rs, "arrived_at"));
            r.priority = rs.getString("priority");
            r.caller = rs.getString("caller");
            r.serviceLevelTargetMs = Jdbc.getLong(rs, "service_level_target_ms");
            r.offeredCount = rs.getInt("offered_count");
            r.firstOfferedAt = Jdbc.getInstant(rs, "first_offered_at");
            r.maxLevel = rs.getInt("max_level");
            r.ronaCount = rs.getInt("rona_count");
            r.answeredAt = Jdbc.getInstant(rs, "answered_at");
            r.answeredBy = rs.getString("answered_by");
            r.queueMs = Jdbc.getLong(rs, "queue_ms");
            r.talkMs = Jdbc.getLong(rs, "talk_ms");
            r.endedAt = Jdbc.getInstant(rs, "ended_at");
            r.outcome = rs.getString("outcome");
            r.reason = rs.getString("reason");
            r.actionType = rs.getString("action_type");
            r.actionTarget = rs.getString("action_target");
            r.persisted = true;
            return r;
        }

        /** Both statements take the same parameters, the key last. */
        void bind(PreparedStatement ps, String tenant) throws SQLException {
            ps.setString(1, service);
            Jdbc.setString(ps, 2, priority);
            Jdbc.setString(ps, 3, caller);
            Jdbc.setInstant(ps, 4, arrivedAt);
            Jdbc.setLong(ps, 5, serviceLevelTargetMs);
            ps.setInt(6, offeredCount);
            Jdbc.setInstant(ps, 7, firstOfferedAt);
            ps.setInt(8, maxLevel);
            ps.setInt(9, ronaCount);
            Jdbc.setInstant(ps, 10, answeredAt);
            Jdbc.setString(ps, 11, answeredBy);
            Jdbc.setLong(ps, 12, queueMs);
            Jdbc.setLong(ps, 13, talkMs);
            Jdbc.setInstant(ps, 14, endedAt);
            Jdbc.setString(ps, 15, outcome);
            Jdbc.setString(ps, 16, reason);
            Jdbc.setString(ps, 17, actionType);
            Jdbc.setString(ps, 18, actionTarget);
            ps.setString(19, tenant);
            ps.setString(20, callId.value());
            ps.setLong(21, key);
        }
    }

    /** One agent's row of an offer while it is being written. */
    private static final class OfferAgentRow {
        static final String INSERT = "INSERT INTO call_offer_agent (call_key, service_id, offered_at, result,"
                + " cancel_reason, ended_at, ring_ms, rona, tenant, offer_key, agent_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        static final String UPDATE = "UPDATE call_offer_agent SET call_key = ?, service_id = ?, offered_at = ?,"
                + " result = ?, cancel_reason = ?, ended_at = ?, ring_ms = ?, rona = ?"
                + " WHERE tenant = ? AND offer_key = ? AND agent_id = ?";

        final long offerKey;
        final AgentId agent;
        final long callKey;
        final String service;
        final Instant offeredAt;
        String result;
        String cancelReason;
        Instant endedAt;
        Long ringMs;
        boolean rona;
        boolean persisted;

        OfferAgentRow(long offerKey, AgentId agent, long callKey, String service, Instant offeredAt) {
            this.offerKey = offerKey;
            this.agent = agent;
            this.callKey = callKey;
            this.service = service;
            this.offeredAt = offeredAt;
        }

        static OfferAgentRow read(ResultSet rs) throws SQLException {
            OfferAgentRow r = new OfferAgentRow(
                    rs.getLong("offer_key"),
                    AgentId.of(rs.getString("agent_id")),
                    rs.getLong("call_key"),
                    rs.getString("service_id"),
                    Jdbc.getInstant(rs, "offered_at"));
            r.result = rs.getString("result");
            r.cancelReason = rs.getString("cancel_reason");
            r.endedAt = Jdbc.getInstant(rs, "ended_at");
            r.ringMs = Jdbc.getLong(rs, "ring_ms");
            r.rona = rs.getBoolean("rona");
            r.persisted = true;
            return r;
        }

        /** Both statements take the same parameters, the key last. */
        void bind(PreparedStatement ps, String tenant) throws SQLException {
            ps.setLong(1, callKey);
            ps.setString(2, service);
            Jdbc.setInstant(ps, 3, offeredAt);
            Jdbc.setString(ps, 4, result);
            Jdbc.setString(ps, 5, cancelReason);
            Jdbc.setInstant(ps, 6, endedAt);
            Jdbc.setLong(ps, 7, ringMs);
            ps.setBoolean(8, rona);
            ps.setString(9, tenant);
            ps.setLong(10, offerKey);
            ps.setString(11, agent.value());
        }
    }

    /**
     * What the core knows about an agent that decides its status word, mirrored from events. The
     * derivation is the core's, most specific first; a test holds the two to the same answer.
     */
    private static final class AgentRow {
        static final String INSERT = "INSERT INTO agent_current (status, status_since, status_seq, detailed_group,"
                + " coarse_group, detailed_tracking, coarse_tracking, ringing_call, connected_call, after_call_work,"
                + " rona, external_call, not_ready_reason, profile_id, on_duty, tenant, agent_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        static final String UPDATE = "UPDATE agent_current SET status = ?, status_since = ?, status_seq = ?,"
                + " detailed_group = ?, coarse_group = ?, detailed_tracking = ?, coarse_tracking = ?,"
                + " ringing_call = ?, connected_call = ?, after_call_work = ?, rona = ?, external_call = ?,"
                + " not_ready_reason = ?, profile_id = ?, on_duty = ? WHERE tenant = ? AND agent_id = ?";

        final AgentId id;
        AgentStatus status;
        Instant statusSince;
        long statusSeq;
        PresenceGroup detailedGroup;
        PresenceGroup coarseGroup;
        boolean detailedTracking = true;
        boolean coarseTracking = true;
        String ringingCall;
        String connectedCall;
        boolean afterCallWork;
        boolean rona;
        boolean externalCall;
        String notReadyReason;
        ProfileId profile;
        boolean onDuty;
        boolean persisted;

        AgentRow(AgentId id, AgentStatus status, Instant since, long seq) {
            this.id = id;
            this.status = status;
            this.statusSince = since;
            this.statusSeq = seq;
        }

        AgentStatus derive() {
            PresenceGroup group;
            if (detailedGroup != null && detailedTracking) {
                group = detailedGroup;
            } else if (coarseGroup != null && coarseTracking) {
                group = coarseGroup;
            } else {
                group = PresenceGroup.OFFLINE;
            }
            return AgentStatus.of(
                    connectedCall != null,
                    ringingCall != null,
                    afterCallWork,
                    rona,
                    externalCall,
                    notReadyReason != null,
                    group);
        }

        static AgentRow read(ResultSet rs) throws SQLException {
            AgentRow r = new AgentRow(
                    AgentId.of(rs.getString("agent_id")),
                    AgentStatus.valueOf(rs.getString("status")),
                    Jdbc.getInstant(rs, "status_since"),
                    rs.getLong("status_seq"));
            String detailed = rs.getString("detailed_group");
            r.detailedGroup = detailed == null ? null : PresenceGroup.valueOf(detailed);
            String coarse = rs.getString("coarse_group");
            r.coarseGroup = coarse == null ? null : PresenceGroup.valueOf(coarse);
            r.detailedTracking = rs.getBoolean("detailed_tracking");
            r.coarseTracking = rs.getBoolean("coarse_tracking");
            r.ringingCall = rs.getString("ringing_call");
            r.connectedCall = rs.getString("connected_call");
            r.afterCallWork = rs.getBoolean("after_call_work");
            r.rona = rs.getBoolean("rona");
            r.externalCall = rs.getBoolean("external_call");
            r.notReadyReason = rs.getString("not_ready_reason");
            String profile = rs.getString("profile_id");
            r.profile = profile == null ? null : ProfileId.of(profile);
            r.onDuty = rs.getBoolean("on_duty");
            r.persisted = true;
            return r;
        }

        /** Both statements take the same parameters, the key last. */
        void bind(PreparedStatement ps, String tenant) throws SQLException {
            ps.setString(1, status.name());
            Jdbc.setInstant(ps, 2, statusSince);
            ps.setLong(3, statusSeq);
            Jdbc.setString(ps, 4, detailedGroup == null ? null : detailedGroup.name());
            Jdbc.setString(ps, 5, coarseGroup == null ? null : coarseGroup.name());
            ps.setBoolean(6, detailedTracking);
            ps.setBoolean(7, coarseTracking);
            Jdbc.setString(ps, 8, ringingCall);
            Jdbc.setString(ps, 9, connectedCall);
            ps.setBoolean(10, afterCallWork);
            ps.setBoolean(11, rona);
            ps.setBoolean(12, externalCall);
            Jdbc.setString(ps, 13, notReadyReason);
            Jdbc.setString(ps, 14, profile == null ? null : profile.value());
            ps.setBoolean(15, onDuty);
            ps.setString(16, tenant);
            ps.setString(17, id.value());
        }
    }
}
