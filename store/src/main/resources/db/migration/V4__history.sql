-- Call, offer and agent-state history for KPIs, projected from the journal in the same
-- transaction as the append. Times are instants; durations are precomputed in milliseconds so
-- the KPI queries are plain sums and averages on both databases.

-- One row per call (per arrival: a call id may come back after its call ended). call_key is the
-- journal sequence of the call's first event, so it is unique per tenant and orders arrivals.
CREATE TABLE call_history (
    tenant                  VARCHAR(100) NOT NULL,
    call_key                BIGINT       NOT NULL,
    call_id                 VARCHAR(200) NOT NULL,
    service_id              VARCHAR(200) NOT NULL,
    priority                VARCHAR(20),
    caller                  VARCHAR(400),
    arrived_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    service_level_target_ms BIGINT,
    offered_count           INTEGER      NOT NULL,
    first_offered_at        TIMESTAMP WITH TIME ZONE,
    max_level               INTEGER      NOT NULL,
    rona_count              INTEGER      NOT NULL,
    answered_at             TIMESTAMP WITH TIME ZONE,
    answered_by             VARCHAR(200),
    -- arrival until answered, or until the call left without an answer
    queue_ms                BIGINT,
    talk_ms                 BIGINT,
    ended_at                TIMESTAMP WITH TIME ZONE,
    -- COMPLETED, ABANDONED, OVERFLOWED, TIMED_OUT, REJECTED; null while the call is active
    outcome                 VARCHAR(20),
    -- ABANDONED: IN_QUEUE or WHILE_RINGING; REJECTED: CLOSED or NO_AGENTS
    reason                  VARCHAR(40),
    action_type             VARCHAR(20),
    action_target           VARCHAR(400),
    CONSTRAINT call_history_pk PRIMARY KEY (tenant, call_key)
);

CREATE INDEX call_history_call ON call_history (tenant, call_id);
CREATE INDEX call_history_service_arrived ON call_history (tenant, service_id, arrived_at);
CREATE INDEX call_history_arrived ON call_history (tenant, arrived_at);
CREATE INDEX call_history_agent_answered ON call_history (tenant, answered_by, answered_at);
CREATE INDEX call_history_active ON call_history (tenant, outcome);

-- One row per offer (a CallOffered event; offer_key is its journal sequence).
CREATE TABLE call_offer (
    tenant      VARCHAR(100) NOT NULL,
    offer_key   BIGINT       NOT NULL,
    call_key    BIGINT       NOT NULL,
    call_id     VARCHAR(200) NOT NULL,
    service_id  VARCHAR(200) NOT NULL,
    offered_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    level       INTEGER      NOT NULL,
    agent_count INTEGER      NOT NULL,
    explanation VARCHAR      NOT NULL,
    CONSTRAINT call_offer_pk PRIMARY KEY (tenant, offer_key)
);

CREATE INDEX call_offer_call ON call_offer (tenant, call_key);

-- One row per offer per agent it rang on, with how it ended for that agent.
CREATE TABLE call_offer_agent (
    tenant        VARCHAR(100) NOT NULL,
    offer_key     BIGINT       NOT NULL,
    agent_id      VARCHAR(200) NOT NULL,
    call_key      BIGINT       NOT NULL,
    service_id    VARCHAR(200) NOT NULL,
    offered_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    -- ACCEPTED, DECLINED, EXPIRED, CANCELLED; null while it rings
    result        VARCHAR(20),
    cancel_reason VARCHAR(40),
    ended_at      TIMESTAMP WITH TIME ZONE,
    ring_ms       BIGINT,
    -- the agent went into RONA because of this offer
    rona          BOOLEAN      NOT NULL,
    CONSTRAINT call_offer_agent_pk PRIMARY KEY (tenant, offer_key, agent_id)
);

CREATE INDEX call_offer_agent_agent ON call_offer_agent (tenant, agent_id, offered_at);
CREATE INDEX call_offer_agent_service ON call_offer_agent (tenant, service_id, offered_at);
CREATE INDEX call_offer_agent_open ON call_offer_agent (tenant, result);

-- What each agent is doing now (the same status word the routing snapshot shows), and the
-- inputs it is derived from, so the projection continues after a restart without a replay.
CREATE TABLE agent_current (
    tenant            VARCHAR(100) NOT NULL,
    agent_id          VARCHAR(200) NOT NULL,
    status            VARCHAR(30)  NOT NULL,
    status_since      TIMESTAMP WITH TIME ZONE NOT NULL,
    status_seq        BIGINT       NOT NULL,
    detailed_group    VARCHAR(30),
    coarse_group      VARCHAR(30),
    detailed_tracking BOOLEAN      NOT NULL,
    coarse_tracking   BOOLEAN      NOT NULL,
    ringing_call      VARCHAR(200),
    connected_call    VARCHAR(200),
    after_call_work   BOOLEAN      NOT NULL,
    rona              BOOLEAN      NOT NULL,
    external_call     BOOLEAN      NOT NULL,
    not_ready_reason  VARCHAR(400),
    profile_id        VARCHAR(200),
    on_duty           BOOLEAN      NOT NULL,
    CONSTRAINT agent_current_pk PRIMARY KEY (tenant, agent_id)
);

-- Closed intervals of agent status; the open one is agent_current. start_seq is the journal
-- sequence of the event that began the interval.
CREATE TABLE agent_state_history (
    tenant      VARCHAR(100) NOT NULL,
    agent_id    VARCHAR(200) NOT NULL,
    start_seq   BIGINT       NOT NULL,
    status      VARCHAR(30)  NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_ms BIGINT       NOT NULL,
    CONSTRAINT agent_state_history_pk PRIMARY KEY (tenant, agent_id, start_seq)
);

CREATE INDEX agent_state_history_range ON agent_state_history (tenant, agent_id, started_at);
CREATE INDEX agent_state_history_ended ON agent_state_history (tenant, ended_at);
