-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - set the comment on things.a
--   - drop the comment on things.b
--   - set the comment on table things

-- set the comment on things.a
COMMENT ON COLUMN "things"."a" IS 'Old; it''s a doc';

-- drop the comment on things.b
COMMENT ON COLUMN "things"."b" IS NULL;

-- set the comment on table things
COMMENT ON TABLE "things" IS 'Old table doc.';
