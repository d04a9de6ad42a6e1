-- One counter row per counted resource, kept equal to its table's row count by the store: every insert
-- and delete of a user or user group updates its counter in the same transaction. The update holds
-- the counter row's lock until commit, so a create that counts after its own insert sees every other
-- create, on any instance, either committed or not yet begun: quotas stay exact however many are in
-- flight.

CREATE TABLE quota_counters (
    resource VARCHAR(32) NOT NULL PRIMARY KEY,
    used     BIGINT      NOT NULL,
    CONSTRAINT quota_counters_used_not_negative CHECK (used >= 0)
);

INSERT INTO quota_counters (resource, used) SELECT 'users', COUNT(*) FROM users;
INSERT INTO quota_counters (resource, used) SELECT 'user_groups', COUNT(*) FROM user_groups;
