-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - DESTRUCTIVE: enum tickets_state (tickets.state): remove 'new'; fails if rows hold a removed value
--   - set the default of tickets.state to 'open'

-- DESTRUCTIVE: enum tickets_state (tickets.state): remove 'new'; fails if rows hold a removed value
-- PostgreSQL cannot drop enum values: the type is rebuilt and the column
-- cast to it.
ALTER TYPE "tickets_state" RENAME TO "tickets_state_old";
CREATE TYPE "tickets_state" AS ENUM ('open', 'closed');
ALTER TABLE "tickets" ALTER COLUMN "state" DROP DEFAULT;
ALTER TABLE "tickets" ALTER COLUMN "state" TYPE "tickets_state" USING "state"::text::"tickets_state";
DROP TYPE "tickets_state_old";

-- set the default of tickets.state to 'open'
ALTER TABLE "tickets" ALTER COLUMN "state" SET DEFAULT 'open';
