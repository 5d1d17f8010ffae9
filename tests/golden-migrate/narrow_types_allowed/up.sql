-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - rebuild check constraint things_b_check: a column type or key it depends on changes
--   - DESTRUCTIVE: change the type of things.id from bigserial to serial: narrowing: fails if a value is out of range
--   - DESTRUCTIVE: change the type of things.a from integer to smallint: narrowing: fails if a value is out of range
--   - DESTRUCTIVE: change the type of things.b from bigint to integer: narrowing: fails if a value is out of range
--   - DESTRUCTIVE: change the type of things.c from varchar(100) to varchar(50): narrowing: fails if a value is longer than 50 characters
--   - DESTRUCTIVE: change the type of things.d from text to varchar(50): narrowing: fails if a value is longer than 50 characters
--   - DESTRUCTIVE: change the type of things.e from numeric(12,3) to numeric(8,2): narrowing: rounds to 2 decimals, fails if a value has too many digits
--   - DESTRUCTIVE: change the type of things.f from timestamptz to date: drops the time of day
--   - DESTRUCTIVE: change the type of things.g from timestamptz to timestamp: drops the time zone (values become local time of the session)
--   - DESTRUCTIVE: change the type of things.h from varchar(10) to enum things_h: fails if a value is not one of the labels
--   - DESTRUCTIVE: change the type of things.i from double precision to integer: narrowing: rounds fractions, fails if a value is out of range

-- rebuild check constraint things_b_check: a column type or key it depends on changes
ALTER TABLE "things" DROP CONSTRAINT "things_b_check";

-- create enum type things_h for things.h
CREATE TYPE "things_h" AS ENUM ('low', 'high');

-- DESTRUCTIVE: change the type of things.id from bigserial to serial: narrowing: fails if a value is out of range
ALTER TABLE "things" ALTER COLUMN "id" TYPE integer;
ALTER SEQUENCE "things_id_seq" AS integer;

-- DESTRUCTIVE: change the type of things.a from integer to smallint: narrowing: fails if a value is out of range
ALTER TABLE "things" ALTER COLUMN "a" TYPE smallint;

-- DESTRUCTIVE: change the type of things.b from bigint to integer: narrowing: fails if a value is out of range
ALTER TABLE "things" ALTER COLUMN "b" TYPE integer;

-- DESTRUCTIVE: change the type of things.c from varchar(100) to varchar(50): narrowing: fails if a value is longer than 50 characters
ALTER TABLE "things" ALTER COLUMN "c" TYPE varchar(50);

-- DESTRUCTIVE: change the type of things.d from text to varchar(50): narrowing: fails if a value is longer than 50 characters
ALTER TABLE "things" ALTER COLUMN "d" TYPE varchar(50);

-- DESTRUCTIVE: change the type of things.e from numeric(12,3) to numeric(8,2): narrowing: rounds to 2 decimals, fails if a value has too many digits
ALTER TABLE "things" ALTER COLUMN "e" TYPE numeric(8,2);

-- DESTRUCTIVE: change the type of things.f from timestamptz to date: drops the time of day
ALTER TABLE "things" ALTER COLUMN "f" TYPE date USING "f"::date;

-- DESTRUCTIVE: change the type of things.g from timestamptz to timestamp: drops the time zone (values become local time of the session)
ALTER TABLE "things" ALTER COLUMN "g" TYPE timestamp USING "g"::timestamp;

-- DESTRUCTIVE: change the type of things.h from varchar(10) to enum things_h: fails if a value is not one of the labels
ALTER TABLE "things" ALTER COLUMN "h" TYPE "things_h" USING "h"::text::"things_h";

-- DESTRUCTIVE: change the type of things.i from double precision to integer: narrowing: rounds fractions, fails if a value is out of range
ALTER TABLE "things" ALTER COLUMN "i" TYPE integer;

-- check constraint things_b_check, again
ALTER TABLE "things" ADD CONSTRAINT "things_b_check" CHECK ("b" >= 1);
