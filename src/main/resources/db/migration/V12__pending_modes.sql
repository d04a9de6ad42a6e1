-- PendingModifiedValues of a TLS change (TransitEncryptionEnabled / TransitEncryptionMode) and of a
-- ClusterMode conversion while the engine carries them out (issue #11); NULL when nothing is pending.
-- pending_transit is 'off', 'preferred' or 'required'.

ALTER TABLE replication_groups ADD COLUMN pending_transit VARCHAR(16);
ALTER TABLE replication_groups ADD COLUMN pending_cluster_mode VARCHAR(16);
