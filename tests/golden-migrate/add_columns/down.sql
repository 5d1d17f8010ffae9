-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - DESTRUCTIVE: drop column users.bio: its data is lost
--   - DESTRUCTIVE: drop column users.is_active: its data is lost
--   - DESTRUCTIVE: drop column users.score: its data is lost
--   - DESTRUCTIVE: drop column users.role: its data is lost
--   - DESTRUCTIVE: drop column users.seq: its data is lost

-- DESTRUCTIVE: drop column users.bio: its data is lost
ALTER TABLE "users" DROP COLUMN "bio";

-- DESTRUCTIVE: drop column users.is_active: its data is lost
ALTER TABLE "users" DROP COLUMN "is_active";

-- DESTRUCTIVE: drop column users.score: its data is lost
ALTER TABLE "users" DROP COLUMN "score";

-- DESTRUCTIVE: drop column users.role: its data is lost
ALTER TABLE "users" DROP COLUMN "role";

-- DESTRUCTIVE: drop column users.seq: its data is lost
ALTER TABLE "users" DROP COLUMN "seq";

-- drop enum type users_role of the dropped column
DROP TYPE "users_role";
