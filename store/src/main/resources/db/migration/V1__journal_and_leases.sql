-- The engine's journal: every event of every tenant, in order, as the one JSON form (CoreJson).
-- The same SQL runs on PostgreSQL and on H2 in MODE=PostgreSQL: no vendor types, no functions.

-- Who owns a tenant. An owner takes the lease by raising the epoch; every append checks,
-- under a row lock on this row, that its epoch is still the current one, so an owner that was
-- superseded (a paused or partitioned process) can never append again.
CREATE TABLE tenant_lease (
    tenant      VARCHAR(100) NOT NULL PRIMARY KEY,
    epoch       BIGINT       NOT NULL,
    owner       VARCHAR(200) NOT NULL,
    acquired_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE journal (
    tenant  VARCHAR(100) NOT NULL,
    seq     BIGINT       NOT NULL,
    epoch   BIGINT       NOT NULL,
    at      TIMESTAMP WITH TIME ZONE NOT NULL,
    type    VARCHAR(60)  NOT NULL,
    payload VARCHAR      NOT NULL,
    CONSTRAINT journal_pk PRIMARY KEY (tenant, seq),
    CONSTRAINT journal_seq_positive CHECK (seq > 0)
);
