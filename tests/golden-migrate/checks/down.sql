-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - replace check constraint things_a_check: CHECK ("a" >= 0)
--   - drop check constraint things_b_check
--   - add check constraint things_c_check: CHECK (char_length("c") >= 1 AND char_length("c") <= 100)

-- replace check constraint things_a_check: CHECK ("a" >= 0)
ALTER TABLE "things" DROP CONSTRAINT "things_a_check";

-- drop check constraint things_b_check
ALTER TABLE "things" DROP CONSTRAINT "things_b_check";

-- check constraint things_a_check, again
ALTER TABLE "things" ADD CONSTRAINT "things_a_check" CHECK ("a" >= 0);

-- add check constraint things_c_check: CHECK (char_length("c") >= 1 AND char_length("c") <= 100)
ALTER TABLE "things" ADD CONSTRAINT "things_c_check" CHECK (char_length("c") >= 1 AND char_length("c") <= 100);
