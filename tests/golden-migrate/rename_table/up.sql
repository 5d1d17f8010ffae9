-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - rename table users to accounts

-- rename table users to accounts
ALTER TABLE "users" RENAME TO "accounts";

-- rename primary key users_pkey to accounts_pkey
ALTER TABLE "accounts" RENAME CONSTRAINT "users_pkey" TO "accounts_pkey";

-- rename unique constraint users_email_key to accounts_email_key
ALTER TABLE "accounts" RENAME CONSTRAINT "users_email_key" TO "accounts_email_key";

-- rename index users_team_idx to accounts_team_idx
ALTER INDEX "users_team_idx" RENAME TO "accounts_team_idx";

-- rename sequence users_id_seq to accounts_id_seq
ALTER SEQUENCE "users_id_seq" RENAME TO "accounts_id_seq";

-- rename enum type users_role to accounts_role
ALTER TYPE "users_role" RENAME TO "accounts_role";
