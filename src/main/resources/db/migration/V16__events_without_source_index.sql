-- events_by_source: every write that records an event put its key at its source's place in this
-- index, a leaf H2 read back (its cache drops stored pages) and wrote again at the next commit: ~40%
-- of a ModifyUserGroup's CPU on the embedded store (issue #13, docs/bench.md). DescribeEvents now
-- bounds its scan of the primary key to the ids of its time window (JdbcEventRepository), so a
-- SourceIdentifier filter reads the window's events, the last hour's by default.
DROP INDEX IF EXISTS events_by_source;
