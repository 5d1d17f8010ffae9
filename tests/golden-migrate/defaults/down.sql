-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - set the default of things.a to 1
--   - set the default of things.b to 'it''s'
--   - drop the default of things.c
--   - set the default of things.d to now()
--   - drop the default of things.e

-- set the default of things.a to 1
ALTER TABLE "things" ALTER COLUMN "a" SET DEFAULT 1;

-- set the default of things.b to 'it''s'
ALTER TABLE "things" ALTER COLUMN "b" SET DEFAULT 'it''s';

-- drop the default of things.c
ALTER TABLE "things" ALTER COLUMN "c" DROP DEFAULT;

-- set the default of things.d to now()
ALTER TABLE "things" ALTER COLUMN "d" SET DEFAULT now();

-- drop the default of things.e
ALTER TABLE "things" ALTER COLUMN "e" DROP DEFAULT;
