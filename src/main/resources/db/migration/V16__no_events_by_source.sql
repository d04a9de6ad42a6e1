-- events_by_source: every CreateUser, ModifyUserGroup and transition inserted its key at the source's
-- place in the index (a leaf far from the last one, read back and rewritten whole by the next durable
-- store), for one read: DescribeEvents with a SourceIdentifier. That read now walks the primary key
-- backwards, newest first, as the unfiltered DescribeEvents does since V15, and stops after a page: a
-- source with fewer events than a page scans the older events too (at 100,000 events a few ms, as V15's
-- old narrow window); DescribeEvents is a read a person or a test makes now and then (issue #13).

DROP INDEX IF EXISTS events_by_source;
