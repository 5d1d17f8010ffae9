-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - drop the comment on things.a
--   - set the comment on things.b
--   - drop the comment on table things

-- drop the comment on things.a
COMMENT ON COLUMN "things"."a" IS NULL;

-- set the comment on things.b
COMMENT ON COLUMN "things"."b" IS 'New doc
with a second line';

-- drop the comment on table things
COMMENT ON TABLE "things" IS NULL;
