-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - rename column users.name to full_name
--   - add value 'moderator' to enum users_role (users.role)
--   - create table categories
--   - add column items.category_id (integer)
--   - add index items_category_id_idx: "items" ("category_id")
--   - add foreign key items_category_id_fkey: FOREIGN KEY ("category_id") REFERENCES "categories" ("id") ON DELETE SET NULL

-- rename column users.name to full_name
ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";

-- rename check constraint users_name_check to users_full_name_check
ALTER TABLE "users" RENAME CONSTRAINT "users_name_check" TO "users_full_name_check";

-- add value 'moderator' to enum users_role (users.role)
ALTER TYPE "users_role" ADD VALUE 'moderator' AFTER 'member';

-- create table categories
CREATE TABLE "categories" (
    "id" serial NOT NULL,
    "label" varchar(60) NOT NULL,
    CONSTRAINT "categories_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "categories_label_key" UNIQUE ("label")
);

-- add column items.category_id (integer)
ALTER TABLE "items" ADD COLUMN "category_id" integer;

-- add index items_category_id_idx: "items" ("category_id")
CREATE INDEX "items_category_id_idx" ON "items" ("category_id");

-- add foreign key items_category_id_fkey: FOREIGN KEY ("category_id") REFERENCES "categories" ("id") ON DELETE SET NULL
ALTER TABLE "items" ADD CONSTRAINT "items_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "categories" ("id") ON DELETE SET NULL;
