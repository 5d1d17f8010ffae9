-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - drop unique constraint things_b_key
--   - drop unique constraint things_a_d_key
--   - drop index things_d_idx
--   - drop index things_c_b_idx
--   - add unique constraint things_a_key: UNIQUE ("a")
--   - add index things_c_idx: "things" ("c")
--   - add index things_b_c_idx: "things" ("b", "c")

-- drop unique constraint things_b_key
ALTER TABLE "things" DROP CONSTRAINT "things_b_key";

-- drop unique constraint things_a_d_key
ALTER TABLE "things" DROP CONSTRAINT "things_a_d_key";

-- drop index things_d_idx
DROP INDEX "things_d_idx";

-- drop index things_c_b_idx
DROP INDEX "things_c_b_idx";

-- add unique constraint things_a_key: UNIQUE ("a")
ALTER TABLE "things" ADD CONSTRAINT "things_a_key" UNIQUE ("a");

-- add index things_c_idx: "things" ("c")
CREATE INDEX "things_c_idx" ON "things" ("c");

-- add index things_b_c_idx: "things" ("b", "c")
CREATE INDEX "things_b_c_idx" ON "things" ("b", "c");
