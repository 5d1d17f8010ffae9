-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - DESTRUCTIVE: change the type of things.code from text to enum things_code: fails if a value is not one of the labels
--   - DESTRUCTIVE: change the type of things.amount from double precision to integer: narrowing: rounds fractions, fails if a value is out of range
--   - DESTRUCTIVE: change the type of things.flag from varchar(5) to boolean: converts every value, fails if one does not convert
--   - DESTRUCTIVE: change the type of things.level from enum things_level to integer: converts every value, fails if one does not convert
--   - set the default of things.level to 1

-- create enum type things_code for things.code
CREATE TYPE "things_code" AS ENUM ('x', 'y', 'z');

-- DESTRUCTIVE: change the type of things.code from text to enum things_code: fails if a value is not one of the labels
ALTER TABLE "things" ALTER COLUMN "code" TYPE "things_code" USING "code"::text::"things_code";

-- DESTRUCTIVE: change the type of things.amount from double precision to integer: narrowing: rounds fractions, fails if a value is out of range
ALTER TABLE "things" ALTER COLUMN "amount" TYPE integer;

-- DESTRUCTIVE: change the type of things.flag from varchar(5) to boolean: converts every value, fails if one does not convert
ALTER TABLE "things" ALTER COLUMN "flag" TYPE boolean USING "flag"::boolean;

-- DESTRUCTIVE: change the type of things.level from enum things_level to integer: converts every value, fails if one does not convert
ALTER TABLE "things" ALTER COLUMN "level" DROP DEFAULT;
ALTER TABLE "things" ALTER COLUMN "level" TYPE integer USING "level"::text::integer;

-- set the default of things.level to 1
ALTER TABLE "things" ALTER COLUMN "level" SET DEFAULT 1;

-- drop enum type things_level, unused since things.level changed type
DROP TYPE "things_level";
