-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - change the type of things.id from serial to bigserial
--   - things.num becomes serial: a new sequence things_num_seq numbers it
--   - things.old_seq is no longer serial: drop its sequence things_old_seq_seq

-- change the type of things.id from serial to bigserial
ALTER TABLE "things" ALTER COLUMN "id" TYPE bigint;
ALTER SEQUENCE "things_id_seq" AS bigint;

-- things.num becomes serial: a new sequence things_num_seq numbers it
CREATE SEQUENCE "things_num_seq" AS integer OWNED BY "things"."num";
ALTER TABLE "things" ALTER COLUMN "num" SET DEFAULT nextval('"things_num_seq"'::regclass);
SELECT setval('"things_num_seq"', COALESCE(max("num"), 0) + 1, false) FROM "things";

-- things.old_seq is no longer serial: drop its sequence things_old_seq_seq
ALTER TABLE "things" ALTER COLUMN "old_seq" DROP DEFAULT;
DROP SEQUENCE "things_old_seq_seq";
