-- Automatic failover and Multi-AZ as asked, the front's own ports for PrimaryEndpoint and
-- ReaderEndpoint (which follow whichever node is primary; NULL for groups made before, which keep
-- their primary node's port), a TestFailover or PrimaryClusterId waiting to be carried out (and the
-- node asked for, if any), each node's own status while
-- replicas are added or removed, and the TestFailover calls of the last day (AWS allows 15 shards a
-- rolling 24 hours).

ALTER TABLE replication_groups ADD COLUMN automatic_failover VARCHAR(16) DEFAULT 'disabled' NOT NULL;
ALTER TABLE replication_groups ADD COLUMN multi_az BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE replication_groups ADD COLUMN primary_endpoint_port INT;
ALTER TABLE replication_groups ADD COLUMN reader_endpoint_port INT;
ALTER TABLE replication_groups ADD COLUMN failover_requested BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE replication_groups ADD COLUMN failover_to VARCHAR(80);

ALTER TABLE cache_nodes ADD COLUMN status VARCHAR(16) DEFAULT 'available' NOT NULL;

CREATE TABLE test_failover_calls (
    replication_group_id VARCHAR(64) NOT NULL,
    node_group_id        VARCHAR(8)  NOT NULL,
    called_at            BIGINT      NOT NULL
);
CREATE INDEX test_failover_calls_by_time ON test_failover_calls (called_at);
