-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - rename table accounts to users

-- rename table accounts to users
ALTER TABLE "accounts" RENAME TO "users";

-- rename primary key accounts_pkey to users_pkey
ALTER TABLE "users" RENAME CONSTRAINT "accounts_pkey" TO "users_pkey";

-- rename unique constraint accounts_email_key to users_email_key
ALTER TABLE "users" RENAME CONSTRAINT "accounts_email_key" TO "users_email_key";

-- rename index accounts_team_idx to users_team_idx
ALTER INDEX "accounts_team_idx" RENAME TO "users_team_idx";

-- rename sequence accounts_id_seq to users_id_seq
ALTER SEQUENCE "accounts_id_seq" RENAME TO "users_id_seq";

-- rename enum type accounts_role to users_role
ALTER TYPE "accounts_role" RENAME TO "users_role";
