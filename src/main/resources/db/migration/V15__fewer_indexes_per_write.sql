-- Two indexes every write paid for and no read needs (issue #13: each index is a map of its own that
-- every durable store rewrites, leaf and path to the root, whenever a transaction touched it).
--
-- user_group_members_by_user: V14's (user_id, user_group_id) serves every lookup by user_id.
-- events_by_time: DescribeEvents pages newest first by event_id, so H2 walks the primary key backwards
-- and stops after a page (a recent window, DescribeEvents' default, got faster: 0.5 ms instead of
-- 4.4 ms at 100,000 events); an old narrow window and the hourly prune now scan (4 ms and 70 ms there).

DROP INDEX IF EXISTS user_group_members_by_user;
DROP INDEX IF EXISTS events_by_time;
