-- Migration 0002_change (down): reverts 0002_change.up.sql; written by schemac 0.1.0.
--
-- Changes:
--   - add value 'closed' to enum tickets_state (tickets.state)

-- add value 'closed' to enum tickets_state (tickets.state)
ALTER TYPE "tickets_state" ADD VALUE 'closed' AFTER 'open';
