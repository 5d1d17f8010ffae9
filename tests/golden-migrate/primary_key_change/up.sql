-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - rebuild foreign key cities_country_code_fkey: a column type or key it depends on changes
--   - replace primary key countries_pkey: PRIMARY KEY ("code")
--   - drop unique constraint countries_code_key
--   - countries.id is no longer serial: drop its sequence countries_id_seq
--   - add unique constraint countries_id_key: UNIQUE ("id")

-- rebuild foreign key cities_country_code_fkey: a column type or key it depends on changes
ALTER TABLE "cities" DROP CONSTRAINT "cities_country_code_fkey";

-- replace primary key countries_pkey: PRIMARY KEY ("code")
ALTER TABLE "countries" DROP CONSTRAINT "countries_pkey";

-- drop unique constraint countries_code_key
ALTER TABLE "countries" DROP CONSTRAINT "countries_code_key";

-- countries.id is no longer serial: drop its sequence countries_id_seq
ALTER TABLE "countries" ALTER COLUMN "id" DROP DEFAULT;
DROP SEQUENCE "countries_id_seq";

-- primary key countries_pkey, again
ALTER TABLE "countries" ADD CONSTRAINT "countries_pkey" PRIMARY KEY ("code");

-- add unique constraint countries_id_key: UNIQUE ("id")
ALTER TABLE "countries" ADD CONSTRAINT "countries_id_key" UNIQUE ("id");

-- foreign key cities_country_code_fkey, again
ALTER TABLE "cities" ADD CONSTRAINT "cities_country_code_fkey" FOREIGN KEY ("country_code") REFERENCES "countries" ("code");
