-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - make things.a nullable
--   - set the default of things.b to 0
--   - make things.b NOT NULL, setting NULLs to its default
--   - make things.c NOT NULL, setting NULLs to its default

-- make things.a nullable
ALTER TABLE "things" ALTER COLUMN "a" DROP NOT NULL;

-- set the default of things.b to 0
ALTER TABLE "things" ALTER COLUMN "b" SET DEFAULT 0;

-- make things.b NOT NULL, setting NULLs to its default
UPDATE "things" SET "b" = DEFAULT WHERE "b" IS NULL;
ALTER TABLE "things" ALTER COLUMN "b" SET NOT NULL;

-- make things.c NOT NULL, setting NULLs to its default
UPDATE "things" SET "c" = DEFAULT WHERE "c" IS NULL;
ALTER TABLE "things" ALTER COLUMN "c" SET NOT NULL;
