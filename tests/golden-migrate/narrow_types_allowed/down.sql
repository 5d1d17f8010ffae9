-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - rebuild check constraint things_b_check: a column type or key it depends on changes
--   - change the type of things.id from serial to bigserial
--   - change the type of things.a from smallint to integer
--   - change the type of things.b from integer to bigint
--   - change the type of things.c from varchar(50) to varchar(100)
--   - change the type of things.d from varchar(50) to text
--   - change the type of things.e from numeric(8,2) to numeric(12,3)
--   - change the type of things.f from date to timestamptz
--   - change the type of things.g from timestamp to timestamptz
--   - change the type of things.h from enum things_h to varchar(10)
--   - change the type of things.i from integer to double precision

-- rebuild check constraint things_b_check: a column type or key it depends on changes
ALTER TABLE "things" DROP CONSTRAINT "things_b_check";

-- change the type of things.id from serial to bigserial
ALTER TABLE "things" ALTER COLUMN "id" TYPE bigint;
ALTER SEQUENCE "things_id_seq" AS bigint;

-- change the type of things.a from smallint to integer
ALTER TABLE "things" ALTER COLUMN "a" TYPE integer;

-- change the type of things.b from integer to bigint
ALTER TABLE "things" ALTER COLUMN "b" TYPE bigint;

-- change the type of things.c from varchar(50) to varchar(100)
ALTER TABLE "things" ALTER COLUMN "c" TYPE varchar(100);

-- change the type of things.d from varchar(50) to text
ALTER TABLE "things" ALTER COLUMN "d" TYPE text;

-- change the type of things.e from numeric(8,2) to numeric(12,3)
ALTER TABLE "things" ALTER COLUMN "e" TYPE numeric(12,3);

-- change the type of things.f from date to timestamptz
ALTER TABLE "things" ALTER COLUMN "f" TYPE timestamptz USING "f"::timestamptz;

-- change the type of things.g from timestamp to timestamptz
ALTER TABLE "things" ALTER COLUMN "g" TYPE timestamptz USING "g"::timestamptz;

-- change the type of things.h from enum things_h to varchar(10)
ALTER TABLE "things" ALTER COLUMN "h" TYPE varchar(10);

-- change the type of things.i from integer to double precision
ALTER TABLE "things" ALTER COLUMN "i" TYPE double precision;

-- check constraint things_b_check, again
ALTER TABLE "things" ADD CONSTRAINT "things_b_check" CHECK ("b" >= 1);

-- drop enum type things_h, unused since things.h changed type
DROP TYPE "things_h";
