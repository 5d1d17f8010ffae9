-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - add column users.bio (text)
--   - add column users.is_active (boolean)
--   - add column users.score (double precision)
--   - add column users.role (enum users_role)
--   - add column users.seq (bigserial)
--   - add check constraint users_score_check: CHECK ("score" >= 0 AND "score" <= 100)

-- add column users.bio (text)
ALTER TABLE "users" ADD COLUMN "bio" text;

-- add column users.is_active (boolean)
ALTER TABLE "users" ADD COLUMN "is_active" boolean NOT NULL DEFAULT true;

-- add column users.score (double precision)
ALTER TABLE "users" ADD COLUMN "score" double precision NOT NULL DEFAULT 0;

-- add column users.role (enum users_role)
CREATE TYPE "users_role" AS ENUM ('member', 'admin');
ALTER TABLE "users" ADD COLUMN "role" "users_role" NOT NULL DEFAULT 'member';

-- add column users.seq (bigserial)
ALTER TABLE "users" ADD COLUMN "seq" bigserial NOT NULL;

-- add check constraint users_score_check: CHECK ("score" >= 0 AND "score" <= 100)
ALTER TABLE "users" ADD CONSTRAINT "users_score_check" CHECK ("score" >= 0 AND "score" <= 100);
