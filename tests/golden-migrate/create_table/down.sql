-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - DESTRUCTIVE: drop table posts: its rows are lost

-- DESTRUCTIVE: drop table posts: its rows are lost
DROP TABLE "posts";

-- drop enum type posts_state of the dropped table
DROP TYPE "posts_state";
