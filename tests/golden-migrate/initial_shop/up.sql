-- Migration 0001_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - create table users
--   - create table items

-- create table users
CREATE TYPE "users_role" AS ENUM ('member', 'admin');
CREATE TABLE "users" (
    "id" serial NOT NULL,
    "email" varchar(255) NOT NULL,
    "role" "users_role" NOT NULL DEFAULT 'member',
    "created_at" timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "users_email_key" UNIQUE ("email")
);
COMMENT ON TABLE "users" IS 'A person who can own items.';

-- create table items
CREATE TABLE "items" (
    "id" bigserial NOT NULL,
    "title" varchar(200) NOT NULL,
    "price" numeric(10,2) NOT NULL,
    "owner_id" integer NOT NULL,
    CONSTRAINT "items_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "items_price_check" CHECK ("price" >= 0),
    CONSTRAINT "items_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX "items_title_idx" ON "items" ("title");
CREATE INDEX "items_owner_id_title_idx" ON "items" ("owner_id", "title");
