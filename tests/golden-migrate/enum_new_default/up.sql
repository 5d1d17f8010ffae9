-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - enum tickets_state (tickets.state): add 'new' (the new default uses a new value)
--   - set the default of tickets.state to 'new'

-- enum tickets_state (tickets.state): add 'new' (the new default uses a new value)
-- A value added with ALTER TYPE ... ADD VALUE cannot be used in the
-- transaction that adds it, and the new default uses it: the type is
-- rebuilt and the column cast to it instead.
ALTER TYPE "tickets_state" RENAME TO "tickets_state_old";
CREATE TYPE "tickets_state" AS ENUM ('new', 'open', 'closed');
ALTER TABLE "tickets" ALTER COLUMN "state" DROP DEFAULT;
ALTER TABLE "tickets" ALTER COLUMN "state" TYPE "tickets_state" USING "state"::text::"tickets_state";
DROP TYPE "tickets_state_old";

-- set the default of tickets.state to 'new'
ALTER TABLE "tickets" ALTER COLUMN "state" SET DEFAULT 'new';
