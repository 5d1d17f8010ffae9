-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - set the default of things.a to 2
--   - drop the default of things.b
--   - set the default of things.c to false
--   - set the default of things.d to '2024-01-01T00:00:00Z'
--   - set the default of things.e to gen_random_uuid()

-- set the default of things.a to 2
ALTER TABLE "things" ALTER COLUMN "a" SET DEFAULT 2;

-- drop the default of things.b
ALTER TABLE "things" ALTER COLUMN "b" DROP DEFAULT;

-- set the default of things.c to false
ALTER TABLE "things" ALTER COLUMN "c" SET DEFAULT false;

-- set the default of things.d to '2024-01-01T00:00:00Z'
ALTER TABLE "things" ALTER COLUMN "d" SET DEFAULT '2024-01-01T00:00:00Z';

-- set the default of things.e to gen_random_uuid()
ALTER TABLE "things" ALTER COLUMN "e" SET DEFAULT gen_random_uuid();
