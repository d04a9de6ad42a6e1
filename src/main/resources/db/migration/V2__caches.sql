-- Replication groups and their nodes. A node's port is kept so that its endpoint stays the same
-- across restarts of cachewarden. user_group_id is the attached group (one at most, as AWS allows).

CREATE TABLE replication_groups (
    replication_group_id VARCHAR(64)   NOT NULL PRIMARY KEY,
    description          VARCHAR(1024) NOT NULL,
    engine               VARCHAR(16)   NOT NULL,
    engine_version       VARCHAR(32)   NOT NULL,
    status               VARCHAR(16)   NOT NULL,
    transit_encryption   BOOLEAN       NOT NULL,
    auth_token_hash      VARCHAR(64),
    user_group_id        VARCHAR(64),
    pending_ug_add       VARCHAR(64),
    pending_ug_remove    VARCHAR(64),
    created_at           BIGINT        NOT NULL,
    external             BOOLEAN       NOT NULL,
    version              BIGINT        NOT NULL
);
CREATE INDEX replication_groups_by_user_group ON replication_groups (user_group_id);

CREATE TABLE cache_nodes (
    cache_cluster_id     VARCHAR(80)  NOT NULL PRIMARY KEY,
    replication_group_id VARCHAR(64)  NOT NULL,
    host                 VARCHAR(255) NOT NULL,
    port                 INT          NOT NULL,
    is_primary           BOOLEAN      NOT NULL,
    position             INT          NOT NULL
);
CREATE INDEX cache_nodes_by_group ON cache_nodes (replication_group_id);
