-- AUTH token rotation and TLS in place (issue #11): the token before the current one, still valid
-- after a ROTATE (its SHA-256 only, as auth_token_hash), whether no AUTH is still accepted after a
-- ROTATE on a group that had no token, the change being applied (SETTING / ROTATING), when the token
-- last changed, and TransitEncryptionMode (preferred / required; NULL for groups made before, which
-- are required when transit_encryption is on).

ALTER TABLE replication_groups ADD COLUMN auth_token_previous_hash VARCHAR(64);
ALTER TABLE replication_groups ADD COLUMN auth_token_open_before BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE replication_groups ADD COLUMN auth_token_status VARCHAR(16);
ALTER TABLE replication_groups ADD COLUMN auth_token_modified_at BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE replication_groups ADD COLUMN transit_encryption_mode VARCHAR(16);
