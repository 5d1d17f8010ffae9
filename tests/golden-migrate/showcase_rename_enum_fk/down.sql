-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - drop foreign key items_category_id_fkey
--   - DESTRUCTIVE: drop table categories: its rows are lost
--   - DESTRUCTIVE: drop column items.category_id: its data is lost
--   - rename column users.full_name to name
--   - DESTRUCTIVE: enum users_role (users.role): remove 'moderator'; fails if rows hold a removed value

-- drop foreign key items_category_id_fkey
ALTER TABLE "items" DROP CONSTRAINT "items_category_id_fkey";

-- DESTRUCTIVE: drop table categories: its rows are lost
DROP TABLE "categories";

-- DESTRUCTIVE: drop column items.category_id: its data is lost
ALTER TABLE "items" DROP COLUMN "category_id";

-- rename column users.full_name to name
ALTER TABLE "users" RENAME COLUMN "full_name" TO "name";

-- rename check constraint users_full_name_check to users_name_check
ALTER TABLE "users" RENAME CONSTRAINT "users_full_name_check" TO "users_name_check";

-- DESTRUCTIVE: enum users_role (users.role): remove 'moderator'; fails if rows hold a removed value
-- PostgreSQL cannot drop enum values: the type is rebuilt and the column
-- cast to it.
ALTER TYPE "users_role" RENAME TO "users_role_old";
CREATE TYPE "users_role" AS ENUM ('member', 'admin');
ALTER TABLE "users" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "users" ALTER COLUMN "role" TYPE "users_role" USING "role"::text::"users_role";
DROP TYPE "users_role_old";

-- restore the default of users.role
ALTER TABLE "users" ALTER COLUMN "role" SET DEFAULT 'member';
