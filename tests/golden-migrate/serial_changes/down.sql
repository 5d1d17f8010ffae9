-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - DESTRUCTIVE: change the type of things.id from bigserial to serial: narrowing: fails if a value is out of range
--   - things.num is no longer serial: drop its sequence things_num_seq
--   - things.old_seq becomes serial: a new sequence things_old_seq_seq numbers it

-- DESTRUCTIVE: change the type of things.id from bigserial to serial: narrowing: fails if a value is out of range
ALTER TABLE "things" ALTER COLUMN "id" TYPE integer;
ALTER SEQUENCE "things_id_seq" AS integer;

-- things.num is no longer serial: drop its sequence things_num_seq
ALTER TABLE "things" ALTER COLUMN "num" DROP DEFAULT;
DROP SEQUENCE "things_num_seq";

-- things.old_seq becomes serial: a new sequence things_old_seq_seq numbers it
CREATE SEQUENCE "things_old_seq_seq" AS integer OWNED BY "things"."old_seq";
ALTER TABLE "things" ALTER COLUMN "old_seq" SET DEFAULT nextval('"things_old_seq_seq"'::regclass);
SELECT setval('"things_old_seq_seq"', COALESCE(max("old_seq"), 0) + 1, false) FROM "things";
