-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - rename column users.name to full_name
--   - rename column users.nick to handle
--   - rename column users.kind to category

-- rename column users.name to full_name
ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";

-- rename column users.nick to handle
ALTER TABLE "users" RENAME COLUMN "nick" TO "handle";

-- rename column users.kind to category
ALTER TABLE "users" RENAME COLUMN "kind" TO "category";

-- rename unique constraint users_nick_key to users_handle_key
ALTER TABLE "users" RENAME CONSTRAINT "users_nick_key" TO "users_handle_key";

-- rename check constraint users_nick_check to users_handle_check
ALTER TABLE "users" RENAME CONSTRAINT "users_nick_check" TO "users_handle_check";

-- rename enum type users_kind to users_category
ALTER TYPE "users_kind" RENAME TO "users_category";
