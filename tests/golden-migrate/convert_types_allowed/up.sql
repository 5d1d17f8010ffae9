-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - DESTRUCTIVE: change the type of things.code from text to enum things_code: narrowing, fails or rounds values that do not fit
--   - DESTRUCTIVE: change the type of things.amount from double precision to integer: narrowing, fails or rounds values that do not fit
--   - DESTRUCTIVE: change the type of things.flag from varchar(5) to boolean: narrowing, fails or rounds values that do not fit
--   - DESTRUCTIVE: change the type of things.level from enum things_level to integer: narrowing, fails or rounds values that do not fit
--   - set the default of things.level to 1

-- the new type of things.code
CREATE TYPE "things_code" AS ENUM ('x', 'y', 'z');

-- DESTRUCTIVE: change the type of things.code from text to enum things_code: narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "code" TYPE "things_code" USING "code"::text::"things_code";

-- DESTRUCTIVE: change the type of things.amount from double precision to integer: narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "amount" TYPE integer;

-- DESTRUCTIVE: change the type of things.flag from varchar(5) to boolean: narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "flag" TYPE boolean USING "flag"::boolean;

-- DESTRUCTIVE: change the type of things.level from enum things_level to integer: narrowing, fails or rounds values that do not fit
ALTER TABLE "things" ALTER COLUMN "level" DROP DEFAULT;
ALTER TABLE "things" ALTER COLUMN "level" TYPE integer USING "level"::text::integer;

-- set the default of things.level to 1
ALTER TABLE "things" ALTER COLUMN "level" SET DEFAULT 1;

-- the old type of things.level
DROP TYPE "things_level";
