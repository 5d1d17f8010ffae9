-- Migration 0002_change (up), written by schemac 0.1.0 from new.yaml.
-- Review it before applying: `schemac db upgrade` runs it in one transaction.
--
-- Changes:
--   - add value 'new' to enum tickets_state (tickets.state)
--   - add value 'on hold' to enum tickets_state (tickets.state)
--   - add value 'archived' to enum tickets_state (tickets.state)

-- add value 'new' to enum tickets_state (tickets.state)
ALTER TYPE "tickets_state" ADD VALUE 'new' BEFORE 'open';

-- add value 'on hold' to enum tickets_state (tickets.state)
ALTER TYPE "tickets_state" ADD VALUE 'on hold' AFTER 'open';

-- add value 'archived' to enum tickets_state (tickets.state)
ALTER TYPE "tickets_state" ADD VALUE 'archived' AFTER 'closed';
