-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - rebuild foreign key cities_country_code_fkey: a column type or key it depends on changes
--   - replace primary key countries_pkey: PRIMARY KEY ("id")
--   - drop unique constraint countries_id_key
--   - countries.id becomes serial: a new sequence countries_id_seq numbers it
--   - add unique constraint countries_code_key: UNIQUE ("code")

-- rebuild foreign key cities_country_code_fkey: a column type or key it depends on changes
ALTER TABLE "cities" DROP CONSTRAINT "cities_country_code_fkey";

-- replace primary key countries_pkey: PRIMARY KEY ("id")
ALTER TABLE "countries" DROP CONSTRAINT "countries_pkey";

-- drop unique constraint countries_id_key
ALTER TABLE "countries" DROP CONSTRAINT "countries_id_key";

-- countries.id becomes serial: a new sequence countries_id_seq numbers it
CREATE SEQUENCE "countries_id_seq" AS integer OWNED BY "countries"."id";
ALTER TABLE "countries" ALTER COLUMN "id" SET DEFAULT nextval('"countries_id_seq"'::regclass);
SELECT setval('"countries_id_seq"', COALESCE(max("id"), 0) + 1, false) FROM "countries";

-- primary key countries_pkey, again
ALTER TABLE "countries" ADD CONSTRAINT "countries_pkey" PRIMARY KEY ("id");

-- add unique constraint countries_code_key: UNIQUE ("code")
ALTER TABLE "countries" ADD CONSTRAINT "countries_code_key" UNIQUE ("code");

-- foreign key cities_country_code_fkey, again
ALTER TABLE "cities" ADD CONSTRAINT "cities_country_code_fkey" FOREIGN KEY ("country_code") REFERENCES "countries" ("code");
