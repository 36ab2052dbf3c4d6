-- Snapshots of a tenant's routing state at a journal sequence: start-up restores the latest one
-- and replays only the journal after it. The state is gzip-compressed CoreJson, split into
-- chunks so no single value grows past what either database handles comfortably.
CREATE TABLE snapshot (
    tenant      VARCHAR(100) NOT NULL,
    seq         BIGINT       NOT NULL,
    taken_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    state_hash  BIGINT       NOT NULL,
    format      VARCHAR(40)  NOT NULL,
    size_bytes  BIGINT       NOT NULL,
    chunk_count INTEGER      NOT NULL,
    CONSTRAINT snapshot_pk PRIMARY KEY (tenant, seq)
);

CREATE TABLE snapshot_chunk (
    tenant   VARCHAR(100) NOT NULL,
    seq      BIGINT       NOT NULL,
    chunk_no INTEGER      NOT NULL,
    data     BYTEA        NOT NULL,
    CONSTRAINT snapshot_chunk_pk PRIMARY KEY (tenant, seq, chunk_no),
    CONSTRAINT snapshot_chunk_snapshot FOREIGN KEY (tenant, seq) REFERENCES snapshot (tenant, seq) ON DELETE CASCADE
);
