-- Current configuration, projected from the journal in the same transaction as the append.
-- The journal stays the source of truth; these tables answer "what is configured now" without
-- a replay. Each row keeps the full CoreJson value plus the columns worth filtering on.

CREATE TABLE config_service (
    tenant               VARCHAR(100) NOT NULL,
    service_id           VARCHAR(200) NOT NULL,
    name                 VARCHAR(400) NOT NULL,
    distribution_type    VARCHAR(40)  NOT NULL,
    service_level_target_ms BIGINT    NOT NULL,
    config               VARCHAR      NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_seq          BIGINT       NOT NULL,
    CONSTRAINT config_service_pk PRIMARY KEY (tenant, service_id)
);

-- Members of a service in their configured order, with the per-service active toggle.
CREATE TABLE config_service_member (
    tenant     VARCHAR(100) NOT NULL,
    service_id VARCHAR(200) NOT NULL,
    agent_id   VARCHAR(200) NOT NULL,
    position   INTEGER      NOT NULL,
    active     BOOLEAN      NOT NULL,
    CONSTRAINT config_service_member_pk PRIMARY KEY (tenant, service_id, agent_id)
);

CREATE INDEX config_service_member_agent ON config_service_member (tenant, agent_id);

CREATE TABLE config_agent (
    tenant       VARCHAR(100) NOT NULL,
    agent_id     VARCHAR(200) NOT NULL,
    display_name VARCHAR(400) NOT NULL,
    user_id      VARCHAR(200) NOT NULL,
    config       VARCHAR      NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_seq  BIGINT       NOT NULL,
    CONSTRAINT config_agent_pk PRIMARY KEY (tenant, agent_id)
);

CREATE INDEX config_agent_user ON config_agent (tenant, user_id);

CREATE TABLE config_agent_skill (
    tenant   VARCHAR(100) NOT NULL,
    agent_id VARCHAR(200) NOT NULL,
    skill    VARCHAR(200) NOT NULL,
    level    INTEGER      NOT NULL,
    CONSTRAINT config_agent_skill_pk PRIMARY KEY (tenant, agent_id, skill)
);

CREATE INDEX config_agent_skill_skill ON config_agent_skill (tenant, skill, level);

-- Responsibility (duty) profiles.
CREATE TABLE config_profile (
    tenant      VARCHAR(100) NOT NULL,
    profile_id  VARCHAR(200) NOT NULL,
    name        VARCHAR(400) NOT NULL,
    on_duty     BOOLEAN      NOT NULL,
    config      VARCHAR      NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_seq BIGINT       NOT NULL,
    CONSTRAINT config_profile_pk PRIMARY KEY (tenant, profile_id)
);
