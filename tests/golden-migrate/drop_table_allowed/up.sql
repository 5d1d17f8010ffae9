-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - DESTRUCTIVE: drop table posts: its rows are lost

-- DESTRUCTIVE: drop table posts: its rows are lost
DROP TABLE "posts";

-- drop enum type posts_state of the dropped table
DROP TYPE "posts_state";
