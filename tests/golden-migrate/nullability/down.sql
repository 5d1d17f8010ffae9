-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - DESTRUCTIVE: make things.a NOT NULL without a default: fails if a row holds NULL
--   - drop the default of things.b
--   - make things.b nullable
--   - make things.c nullable

-- DESTRUCTIVE: make things.a NOT NULL without a default: fails if a row holds NULL
ALTER TABLE "things" ALTER COLUMN "a" SET NOT NULL;

-- drop the default of things.b
ALTER TABLE "things" ALTER COLUMN "b" DROP DEFAULT;

-- make things.b nullable
ALTER TABLE "things" ALTER COLUMN "b" DROP NOT NULL;

-- make things.c nullable
ALTER TABLE "things" ALTER COLUMN "c" DROP NOT NULL;
