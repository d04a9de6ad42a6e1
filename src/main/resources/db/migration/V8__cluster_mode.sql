-- Cluster mode (issue 11): a replication group's ClusterMode, and each node's shard and that shard's hash slots.
ALTER TABLE replication_groups ADD COLUMN cluster_mode VARCHAR(16) DEFAULT 'disabled' NOT NULL;
ALTER TABLE cache_nodes ADD COLUMN node_group_id VARCHAR(8) DEFAULT '0001' NOT NULL;
ALTER TABLE cache_nodes ADD COLUMN slots VARCHAR(1024) DEFAULT '' NOT NULL;
