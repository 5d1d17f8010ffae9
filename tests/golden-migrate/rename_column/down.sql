-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - rename column users.full_name to name
--   - rename column users.handle to nick
--   - rename column users.category to kind

-- rename column users.full_name to name
ALTER TABLE "users" RENAME COLUMN "full_name" TO "name";

-- rename column users.handle to nick
ALTER TABLE "users" RENAME COLUMN "handle" TO "nick";

-- rename column users.category to kind
ALTER TABLE "users" RENAME COLUMN "category" TO "kind";

-- rename unique constraint users_handle_key to users_nick_key
ALTER TABLE "users" RENAME CONSTRAINT "users_handle_key" TO "users_nick_key";

-- rename check constraint users_handle_check to users_nick_check
ALTER TABLE "users" RENAME CONSTRAINT "users_handle_check" TO "users_nick_check";

-- rename enum type users_category to users_kind
ALTER TYPE "users_category" RENAME TO "users_kind";
