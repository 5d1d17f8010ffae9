-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - DESTRUCTIVE: enum things_k (things.k): remove 'b''); DROP TABLE things; --', 'c DROP TABLE things;'; fails if rows hold a removed value

-- DESTRUCTIVE: enum things_k (things.k): remove 'b''); DROP TABLE things; --', 'c DROP TABLE things;'; fails if rows hold a removed value
-- PostgreSQL cannot drop enum values: the type is rebuilt and the column
-- cast to it.
ALTER TYPE "things_k" RENAME TO "things_k_old";
CREATE TYPE "things_k" AS ENUM ('a');
ALTER TABLE "things" ALTER COLUMN "k" TYPE "things_k" USING "k"::text::"things_k";
DROP TYPE "things_k_old";
