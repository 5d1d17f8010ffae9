-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - change the type of things.code from enum things_code to text
--   - change the type of things.amount from integer to double precision
--   - DESTRUCTIVE: change the type of things.flag from boolean to varchar(5): narrowing: fails if a value is longer than 5 characters
--   - DESTRUCTIVE: change the type of things.level from integer to enum things_level: fails if a value is not one of the labels
--   - set the default of things.level to 'a'

-- create enum type things_level for things.level
CREATE TYPE "things_level" AS ENUM ('a', 'b');

-- change the type of things.code from enum things_code to text
ALTER TABLE "things" ALTER COLUMN "code" TYPE text;

-- change the type of things.amount from integer to double precision
ALTER TABLE "things" ALTER COLUMN "amount" TYPE double precision;

-- DESTRUCTIVE: change the type of things.flag from boolean to varchar(5): narrowing: fails if a value is longer than 5 characters
ALTER TABLE "things" ALTER COLUMN "flag" TYPE varchar(5);

-- DESTRUCTIVE: change the type of things.level from integer to enum things_level: fails if a value is not one of the labels
ALTER TABLE "things" ALTER COLUMN "level" DROP DEFAULT;
ALTER TABLE "things" ALTER COLUMN "level" TYPE "things_level" USING "level"::text::"things_level";

-- set the default of things.level to 'a'
ALTER TABLE "things" ALTER COLUMN "level" SET DEFAULT 'a';

-- drop enum type things_code, unused since things.code changed type
DROP TYPE "things_code";
