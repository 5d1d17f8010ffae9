-- Migration 0001_init (up), written by schemac 0.1.0 from schema/schema.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - create table users
--   - create table items

-- create table users
CREATE TABLE "users" (
    "id" serial NOT NULL,
    "email" varchar(255) NOT NULL,
    "username" varchar(50) NOT NULL,
    "full_name" varchar(100),
    "is_active" boolean NOT NULL DEFAULT true,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "users_email_key" UNIQUE ("email"),
    CONSTRAINT "users_username_key" UNIQUE ("username")
);
COMMENT ON TABLE "users" IS 'A person who can own items.';

-- create table items
CREATE TABLE "items" (
    "id" bigserial NOT NULL,
    "title" varchar(200) NOT NULL,
    "description" text,
    "owner_id" integer NOT NULL,
    CONSTRAINT "items_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "items_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX "items_title_idx" ON "items" ("title");
CREATE INDEX "items_owner_id_idx" ON "items" ("owner_id");
COMMENT ON TABLE "items" IS 'Something a user owns.';
