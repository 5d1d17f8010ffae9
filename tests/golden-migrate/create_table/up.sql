-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - create table posts

-- create table posts
CREATE TYPE "posts_state" AS ENUM ('draft', 'published');
CREATE TABLE "posts" (
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "author_id" integer,
    "body" text NOT NULL,
    "state" "posts_state" NOT NULL DEFAULT 'draft',
    "meta" jsonb NOT NULL DEFAULT '{"tags":[]}',
    CONSTRAINT "posts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "posts_body_check" CHECK (char_length("body") <= 10000)
);
COMMENT ON TABLE "posts" IS 'A blog post; it''s short.';
COMMENT ON COLUMN "posts"."body" IS 'Markdown';

-- foreign key of new table posts
ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE SET NULL;
