-- Cache subnet groups and cache parameter groups (issue 14). The default groups ('default',
-- 'default.redis7', ...) are not rows: they are AWS's and cannot change, so they are answered
-- from the parameter catalogue. One dialect for H2 and PostgreSQL.

CREATE TABLE cache_subnet_groups (
    cache_subnet_group_name VARCHAR(255)  NOT NULL PRIMARY KEY,
    description             VARCHAR(1024) NOT NULL,
    -- the subnet ids in the order given, comma-separated (a subnet id holds no comma)
    subnet_ids              VARCHAR(8192) NOT NULL,
    created_at              BIGINT        NOT NULL
);

CREATE TABLE cache_parameter_groups (
    cache_parameter_group_name VARCHAR(255)  NOT NULL PRIMARY KEY,
    family                     VARCHAR(32)   NOT NULL,
    description                VARCHAR(1024) NOT NULL,
    created_at                 BIGINT        NOT NULL
);

-- Only the values set by ModifyCacheParameterGroup; every other parameter has its family's default.
CREATE TABLE cache_parameter_values (
    cache_parameter_group_name VARCHAR(255)  NOT NULL,
    parameter_name             VARCHAR(128)  NOT NULL,
    parameter_value            VARCHAR(4096) NOT NULL,
    PRIMARY KEY (cache_parameter_group_name, parameter_name)
);

-- The groups a replication group names (CacheSubnetGroupName, CacheParameterGroupName); a table of
-- its own so the replication group's row and record stay as they are. No row: neither was named.
CREATE TABLE replication_group_cache_groups (
    replication_group_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
    cache_subnet_group_name    VARCHAR(255),
    cache_parameter_group_name VARCHAR(255)
);
CREATE INDEX rg_cache_groups_by_subnet_group ON replication_group_cache_groups (cache_subnet_group_name);
CREATE INDEX rg_cache_groups_by_parameter_group ON replication_group_cache_groups (cache_parameter_group_name);
