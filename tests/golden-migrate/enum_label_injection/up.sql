-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - add value 'b'); DROP TABLE things; --' to enum things_k (things.k)
--   - add value 'c DROP TABLE things;' to enum things_k (things.k)

-- add value 'b'); DROP TABLE things; --' to enum things_k (things.k)
ALTER TYPE "things_k" ADD VALUE 'b''); DROP TABLE things; --' AFTER 'a';

-- add value 'c DROP TABLE things;' to enum things_k (things.k)
ALTER TYPE "things_k" ADD VALUE 'c
DROP TABLE things;' AFTER 'b''); DROP TABLE things; --';
