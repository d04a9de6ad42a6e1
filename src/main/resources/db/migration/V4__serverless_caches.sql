-- Serverless caches get their own table. Until now each was a replication group under the id
-- 'serverless--<name>' (12 characters of prefix) with one node in cache_nodes; those rows move here,
-- prefix stripped, their node ids and ports kept (the node's directory and endpoint stay the same),
-- and their pending tasks follow them. One dialect for H2 and PostgreSQL.

CREATE TABLE serverless_caches (
    serverless_cache_name VARCHAR(64)   NOT NULL PRIMARY KEY,
    description           VARCHAR(1024) NOT NULL,
    engine                VARCHAR(16)   NOT NULL,
    major_engine_version  VARCHAR(16)   NOT NULL,
    full_engine_version   VARCHAR(32)   NOT NULL,
    status                VARCHAR(16)   NOT NULL,
    user_group_id         VARCHAR(64),
    pending_ug_add        VARCHAR(64),
    pending_ug_remove     VARCHAR(64),
    endpoint_port         INT           NOT NULL,
    reader_endpoint_port  INT           NOT NULL,
    created_at            BIGINT        NOT NULL,
    version               BIGINT        NOT NULL
);
CREATE INDEX serverless_caches_by_user_group ON serverless_caches (user_group_id);

-- The nodes behind a serverless cache's endpoints; node_id is the engine's label for the process.
CREATE TABLE serverless_cache_nodes (
    node_id               VARCHAR(80) NOT NULL PRIMARY KEY,
    serverless_cache_name VARCHAR(64) NOT NULL,
    port                  INT         NOT NULL,
    is_primary            BOOLEAN     NOT NULL,
    position              INT         NOT NULL
);
CREATE INDEX serverless_cache_nodes_by_cache ON serverless_cache_nodes (serverless_cache_name);

INSERT INTO serverless_caches (serverless_cache_name, description, engine, major_engine_version,
        full_engine_version, status, user_group_id, pending_ug_add, pending_ug_remove, endpoint_port,
        reader_endpoint_port, created_at, version)
    SELECT SUBSTRING(g.replication_group_id FROM 13), g.description, g.engine,
           CASE WHEN POSITION('.' IN g.engine_version) = 0 THEN g.engine_version
                ELSE SUBSTRING(g.engine_version FROM 1 FOR POSITION('.' IN g.engine_version) - 1) END,
           g.engine_version, g.status, g.user_group_id, g.pending_ug_add, g.pending_ug_remove, n.port, n.port,
           g.created_at, g.version
    FROM replication_groups g
    JOIN cache_nodes n ON n.replication_group_id = g.replication_group_id AND n.is_primary = TRUE
    WHERE g.replication_group_id LIKE 'serverless--%';

INSERT INTO serverless_cache_nodes (node_id, serverless_cache_name, port, is_primary, position)
    SELECT cache_cluster_id, SUBSTRING(replication_group_id FROM 13), port, is_primary, position
    FROM cache_nodes WHERE replication_group_id LIKE 'serverless--%';

UPDATE tasks SET kind = 'SERVERLESS_CACHE_' || SUBSTRING(kind FROM 19), resource_id = SUBSTRING(resource_id FROM 13)
    WHERE kind LIKE 'REPLICATION!_GROUP!_%' ESCAPE '!' AND resource_id LIKE 'serverless--%';

DELETE FROM cache_nodes WHERE replication_group_id LIKE 'serverless--%';
DELETE FROM replication_groups WHERE replication_group_id LIKE 'serverless--%';
