-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - replace check constraint things_b_check: CHECK ("b" >= 1)
--   - DESTRUCTIVE: change the type of things.id from bigserial to serial: narrowing, fails or rounds values that do not fit
--   - DESTRUCTIVE: change the type of things.a from integer to smallint: narrowing, fails or rounds values that do not fit
--   - DESTRUCTIVE: change the type of things.b from bigint to integer: narrowing, fails or rounds values that do not fit
--   - DESTRUCTIVE: change the type of things.c from varchar(100) to varchar(50): narrowing, fails or rounds values that do not fit
--   - DESTRUCTIVE: change the type of things.d from text to varchar(50): narrowing, fails or rounds values that do not fit
--   - DESTRUCTIVE: change the type of things.e from numeric(12,3) to numeric(8,2): narrowing, fails or rounds values that do not fit
--   - DESTRUCTIVE: change the type of things.f from timestamptz to date: narrowing, fails or rounds values that do not fit
--   - DESTRUCTIVE: change the type of things.g from timestamptz to timestamp: narrowing, fails or rounds values that do not fit
--   - DESTRUCTIVE: change the type of things.h from varchar(10) to enum things_h: narrowing, fails or rounds values that do not fit
--   - DESTRUCTIVE: change the type of things.i from double precision to integer: narrowing, fails or rounds values that do not fit

-- replace check constraint things_b_check: CHECK ("b" >= 1)
ALTER TABLE "things" DROP CONSTRAINT "things_b_check";

-- the new type of things.h
CREATE TYPE "things_h" AS ENUM ('low', 'high');

-- DESTRUCTIVE: change the type of things.id from bigserial to serial: narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "id" TYPE integer;
ALTER SEQUENCE "things_id_seq" AS integer;

-- DESTRUCTIVE: change the type of things.a from integer to smallint: narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "a" TYPE smallint;

-- DESTRUCTIVE: change the type of things.b from bigint to integer: narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "b" TYPE integer;

-- DESTRUCTIVE: change the type of things.c from varchar(100) to varchar(50): narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "c" TYPE varchar(50);

-- DESTRUCTIVE: change the type of things.d from text to varchar(50): narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "d" TYPE varchar(50);

-- DESTRUCTIVE: change the type of things.e from numeric(12,3) to numeric(8,2): narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "e" TYPE numeric(8,2);

-- DESTRUCTIVE: change the type of things.f from timestamptz to date: narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "f" TYPE date USING "f"::date;

-- DESTRUCTIVE: change the type of things.g from timestamptz to timestamp: narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "g" TYPE timestamp USING "g"::timestamp;

-- DESTRUCTIVE: change the type of things.h from varchar(10) to enum things_h: narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "h" TYPE "things_h" USING "h"::text::"things_h";

-- DESTRUCTIVE: change the type of things.i from double precision to integer: narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "i" TYPE integer;

-- check constraint things_b_check, replaced
ALTER TABLE "things" ADD CONSTRAINT "things_b_check" CHECK ("b" >= 1);
