-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - drop unique constraint things_a_key
--   - drop index things_c_idx
--   - drop index things_b_c_idx
--   - add unique constraint things_b_key: UNIQUE ("b")
--   - add unique constraint things_a_d_key: UNIQUE ("a", "d")
--   - add index things_d_idx: "things" ("d")
--   - add index things_c_b_idx: "things" ("c", "b")

-- drop unique constraint things_a_key
ALTER TABLE "things" DROP CONSTRAINT "things_a_key";

-- drop index things_c_idx
DROP INDEX "things_c_idx";

-- drop index things_b_c_idx
DROP INDEX "things_b_c_idx";

-- add unique constraint things_b_key: UNIQUE ("b")
ALTER TABLE "things" ADD CONSTRAINT "things_b_key" UNIQUE ("b");

-- add unique constraint things_a_d_key: UNIQUE ("a", "d")
ALTER TABLE "things" ADD CONSTRAINT "things_a_d_key" UNIQUE ("a", "d");

-- add index things_d_idx: "things" ("d")
CREATE INDEX "things_d_idx" ON "things" ("d");

-- add index things_c_b_idx: "things" ("c", "b")
CREATE INDEX "things_c_b_idx" ON "things" ("c", "b");
