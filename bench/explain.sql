-- EXPLAIN of the hot queries, as the service sends them, against the
-- database bench/run.sh loaded. Variable: department
-- (the queue's department), e.g.
--   psql "$DATABASE_URL" -v department="$(psql "$DATABASE_URL" -Atc \
--       "SELECT id FROM departments WHERE code = 'HRSS'")" -f bench/explain.sql
\set ON_ERROR_STOP on
\pset pager off
SELECT id AS ticket FROM tickets WHERE number LIKE 'BENCH-%' ORDER BY number OFFSET 4321 LIMIT 1 \gset
SELECT created_at AS deep_at, id AS deep_id FROM tickets WHERE department_id = :'department'
ORDER BY created_at DESC, id DESC OFFSET 2499 LIMIT 1 \gset

\echo '== get a ticket by id'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT * FROM tickets WHERE id = :'ticket' LIMIT 1;

\echo '== department queue, first page (50 and one more to know there is a next)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM tickets WHERE department_id = :'department'
ORDER BY created_at DESC, id DESC LIMIT 51;

\echo '== department queue, page 51 (row-value cursor)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM tickets WHERE department_id = :'department'
  AND (created_at, id) < (:'deep_at'::timestamptz, :'deep_id'::uuid)
ORDER BY created_at DESC, id DESC LIMIT 51;

\echo '== department queue, page 51 (the former cursor condition)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM tickets WHERE department_id = :'department'
  AND (created_at < :'deep_at'::timestamptz
       OR (created_at = :'deep_at'::timestamptz AND id < :'deep_id'::uuid))
ORDER BY created_at DESC, id DESC LIMIT 51;

\echo '== filing: the number, the ticket, the event (rolled back)'
BEGIN;
CREATE TEMP SEQUENCE bench_explain_number;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT nextval('bench_explain_number');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
INSERT INTO tickets (id, number, enterprise_id, filer_id, channel, category, title, description,
                     priority, status, paused_business_secs, reopen_count, urge_count,
                     extension_count, created_at, updated_at, version)
SELECT gen_random_uuid(), 'EXPLAIN-1', e.id, u.id, 'app', c.code, 'explain', 'explain',
       'normal', 'submitted', 0, 0, 0, 0, now(), now(), 1
FROM (SELECT id FROM enterprises LIMIT 1) e, (SELECT id FROM users LIMIT 1) u,
     (SELECT code FROM categories LIMIT 1) c
RETURNING id;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
INSERT INTO ticket_events (id, ticket_id, kind, payload, created_at)
SELECT gen_random_uuid(), id, 'filed', '{}', now() FROM tickets WHERE number = 'EXPLAIN-1';
ROLLBACK;
