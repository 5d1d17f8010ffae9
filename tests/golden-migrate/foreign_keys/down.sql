-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - replace foreign key items_owner_id_fkey: FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE CASCADE
--   - drop foreign key items_user_code_fkey
--   - drop foreign key items_parent_id_fkey
--   - DESTRUCTIVE: drop column items.parent_id: its data is lost
--   - DESTRUCTIVE: make items.user_code NOT NULL without a default: fails if a row holds NULL
--   - add foreign key items_creator_id_fkey: FOREIGN KEY ("creator_id") REFERENCES "users" ("id")

-- replace foreign key items_owner_id_fkey: FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE CASCADE
ALTER TABLE "items" DROP CONSTRAINT "items_owner_id_fkey";

-- drop foreign key items_user_code_fkey
ALTER TABLE "items" DROP CONSTRAINT "items_user_code_fkey";

-- drop foreign key items_parent_id_fkey
ALTER TABLE "items" DROP CONSTRAINT "items_parent_id_fkey";

-- DESTRUCTIVE: drop column items.parent_id: its data is lost
ALTER TABLE "items" DROP COLUMN "parent_id";

-- DESTRUCTIVE: make items.user_code NOT NULL without a default: fails if a row holds NULL
ALTER TABLE "items" ALTER COLUMN "user_code" SET NOT NULL;

-- foreign key items_owner_id_fkey, again
ALTER TABLE "items" ADD CONSTRAINT "items_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE CASCADE;

-- add foreign key items_creator_id_fkey: FOREIGN KEY ("creator_id") REFERENCES "users" ("id")
ALTER TABLE "items" ADD CONSTRAINT "items_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "users" ("id");
