-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - DESTRUCTIVE: drop column users.legacy: its data is lost
--   - DESTRUCTIVE: drop column users.age: its data is lost

-- DESTRUCTIVE: drop column users.legacy: its data is lost
ALTER TABLE "users" DROP COLUMN "legacy";

-- DESTRUCTIVE: drop column users.age: its data is lost
ALTER TABLE "users" DROP COLUMN "age";

-- drop enum type users_legacy of the dropped column
DROP TYPE "users_legacy";
