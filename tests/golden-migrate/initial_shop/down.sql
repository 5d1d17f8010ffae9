-- Migration 0001_change (down): reverts 0001_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - DESTRUCTIVE: drop table items: its rows are lost
--   - DESTRUCTIVE: drop table users: its rows are lost

-- DESTRUCTIVE: drop table items: its rows are lost
DROP TABLE "items";

-- DESTRUCTIVE: drop table users: its rows are lost
DROP TABLE "users";

-- drop enum type users_role of the dropped table
DROP TYPE "users_role";
