-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - replace check constraint things_a_check: CHECK ("a" >= 0 AND "a" <= 10)
--   - drop check constraint things_c_check
--   - add check constraint things_b_check: CHECK ("b" ~ '^[a-z]+(''[a-z]+)?$')

-- replace check constraint things_a_check: CHECK ("a" >= 0 AND "a" <= 10)
ALTER TABLE "things" DROP CONSTRAINT "things_a_check";

-- drop check constraint things_c_check
ALTER TABLE "things" DROP CONSTRAINT "things_c_check";

-- check constraint things_a_check, again
ALTER TABLE "things" ADD CONSTRAINT "things_a_check" CHECK ("a" >= 0 AND "a" <= 10);

-- add check constraint things_b_check: CHECK ("b" ~ '^[a-z]+(''[a-z]+)?$')
ALTER TABLE "things" ADD CONSTRAINT "things_b_check" CHECK ("b" ~ '^[a-z]+(''[a-z]+)?$');
