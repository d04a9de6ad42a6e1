-- What Create/Modify set on a cache beyond its nodes (node type, snapshots, maintenance, notifications,
-- encryption at rest, network, placement, log delivery, usage limits), answered back by Describe.
-- One JSON document a cache: the settings are read and written whole, never queried by field.
CREATE TABLE cache_settings (
    cache_kind VARCHAR(32)    NOT NULL,
    cache_id   VARCHAR(255)   NOT NULL,
    settings   VARCHAR(65536) NOT NULL,
    PRIMARY KEY (cache_kind, cache_id)
);
