-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - replace foreign key items_owner_id_fkey: FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE RESTRICT
--   - drop foreign key items_creator_id_fkey
--   - make items.user_code nullable
--   - add column items.parent_id (integer)
--   - add foreign key items_user_code_fkey: FOREIGN KEY ("user_code") REFERENCES "users" ("code") ON DELETE SET NULL
--   - add foreign key items_parent_id_fkey: FOREIGN KEY ("parent_id") REFERENCES "items" ("id")

-- replace foreign key items_owner_id_fkey: FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE RESTRICT
ALTER TABLE "items" DROP CONSTRAINT "items_owner_id_fkey";

-- drop foreign key items_creator_id_fkey
ALTER TABLE "items" DROP CONSTRAINT "items_creator_id_fkey";

-- make items.user_code nullable
ALTER TABLE "items" ALTER COLUMN "user_code" DROP NOT NULL;

-- add column items.parent_id (integer)
ALTER TABLE "items" ADD COLUMN "parent_id" integer;

-- foreign key items_owner_id_fkey, again
ALTER TABLE "items" ADD CONSTRAINT "items_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE RESTRICT;

-- add foreign key items_user_code_fkey: FOREIGN KEY ("user_code") REFERENCES "users" ("code") ON DELETE SET NULL
ALTER TABLE "items" ADD CONSTRAINT "items_user_code_fkey" FOREIGN KEY ("user_code") REFERENCES "users" ("code") ON DELETE SET NULL;

-- add foreign key items_parent_id_fkey: FOREIGN KEY ("parent_id") REFERENCES "items" ("id")
ALTER TABLE "items" ADD CONSTRAINT "items_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "items" ("id");
