-- Synthetic load for the report benchmark: :tickets tickets (default run:
-- 1,000,000) over one year, on top of the demo jurisdiction
-- (`huying seed-demo`) plus 10 industry chains, 30 departments and 2,000
-- enterprises (two in three in a chain). Deterministic: the n-th ticket's
-- fate is a function of n.
--
-- Fates by n % 20: 0 submitted (unrouted), 1 dispatched, 2 in progress,
-- 3 awaiting the enterprise, 4 escalated, 5 cancelled, 6 rejected,
-- 7–12 resolved, 13–19 closed (rated 1–5). Office time to claim is
-- (n × 7919) % 14400 s, to resolve (n × 104729) % 300000 s; category
-- (n / 20) mod the number of categories, department (n / 7) mod the
-- number of departments, enterprise (31 n) mod the number; response due
-- 1 h, first response 2 h, resolution 2 days after filing. Every ticket has
-- a `filed` event; every 50th was returned once.

\set ON_ERROR_STOP on

BEGIN;

INSERT INTO industry_chains (id, name, description, created_at, updated_at)
SELECT gen_random_uuid(), 'bench chain ' || g, '', now(), now()
FROM generate_series(1, 10) g
ON CONFLICT DO NOTHING;

INSERT INTO departments (id, code, name, active, created_at, updated_at)
SELECT gen_random_uuid(), 'BENCH' || g, 'bench department ' || lpad(g::text, 2, '0'), true, now(), now()
FROM generate_series(1, 30) g
ON CONFLICT DO NOTHING;

INSERT INTO enterprises (id, name, credit_code, chain_id, created_at, updated_at)
SELECT gen_random_uuid(), 'bench enterprise ' || g, 'B' || lpad(g::text, 17, '0'),
       CASE WHEN g % 3 = 0 THEN NULL
            ELSE (SELECT id FROM industry_chains ORDER BY name OFFSET (g % 10) LIMIT 1) END,
       now(), now()
FROM generate_series(1, 2000) g
ON CONFLICT DO NOTHING;

CREATE TEMP TABLE pick AS
SELECT (SELECT array_agg(id ORDER BY code) FROM departments) AS departments,
       (SELECT array_agg(id ORDER BY credit_code) FROM enterprises) AS enterprises,
       (SELECT array_agg(code ORDER BY code) FROM categories) AS categories,
       (SELECT id FROM users WHERE role = 'dispatcher' ORDER BY login LIMIT 1) AS filer,
       (SELECT id FROM users WHERE role = 'staff' ORDER BY login LIMIT 1) AS assignee;

CREATE TEMP TABLE fate AS
SELECT g AS n,
       timestamptz '2025-01-01 00:00:00+08' + g * interval '31 seconds' AS filed,
       (ARRAY['submitted', 'dispatched', 'in_progress', 'awaiting_enterprise', 'escalated',
              'cancelled', 'rejected', 'resolved', 'resolved', 'resolved', 'resolved',
              'resolved', 'resolved', 'closed', 'closed', 'closed', 'closed', 'closed',
              'closed', 'closed'])[1 + g % 20] AS status,
       (g * 7919) % 14400 AS claim_secs,
       (g * 104729) % 300000 AS resolve_secs
FROM generate_series(1::bigint, :tickets) g;

INSERT INTO tickets (
    id, number, enterprise_id, filer_id, channel, category, department_id, assignee_id,
    title, description, priority, status,
    response_due_at, first_response_due_at, resolution_due_at,
    dispatched_at, claimed_at, first_responded_at, resolved_at, closed_at, paused_at,
    paused_business_secs, rating, reopen_count, urge_count, created_at, updated_at, version,
    extension_count, claim_business_secs, resolve_business_secs)
SELECT gen_random_uuid(),
       'BENCH-' || lpad(f.n::text, 9, '0'),
       p.enterprises[1 + (f.n * 31) % cardinality(p.enterprises)],
       p.filer,
       'hotline',
       p.categories[1 + (f.n / 20) % cardinality(p.categories)],
       CASE WHEN f.status IN ('submitted', 'rejected') THEN NULL
            ELSE p.departments[1 + (f.n / 7) % cardinality(p.departments)] END,
       CASE WHEN f.status IN ('in_progress', 'awaiting_enterprise', 'resolved', 'closed')
            THEN p.assignee END,
       'bench ticket ' || f.n, 'synthetic', 'normal', f.status,
       f.filed + interval '1 hour', f.filed + interval '2 hours', f.filed + interval '2 days',
       CASE WHEN f.status NOT IN ('submitted', 'rejected') THEN f.filed + interval '5 minutes' END,
       CASE WHEN f.status IN ('in_progress', 'awaiting_enterprise', 'escalated', 'resolved', 'closed')
            THEN f.filed + f.claim_secs * interval '1 second' END,
       CASE WHEN f.status IN ('awaiting_enterprise', 'resolved', 'closed')
            THEN f.filed + (f.claim_secs + 600) * interval '1 second' END,
       CASE WHEN f.status IN ('resolved', 'closed')
            THEN f.filed + f.resolve_secs * interval '1 second' END,
       CASE WHEN f.status = 'closed' THEN f.filed + (f.resolve_secs + 3600) * interval '1 second' END,
       CASE WHEN f.status = 'awaiting_enterprise' THEN f.filed + (f.claim_secs + 600) * interval '1 second' END,
       0,
       CASE WHEN f.status = 'closed' THEN 1 + f.n % 5 END,
       CASE WHEN f.n % 97 = 0 THEN 1 ELSE 0 END,
       0, f.filed, f.filed, 1,
       CASE WHEN f.n % 89 = 0 THEN 1 ELSE 0 END,
       CASE WHEN f.status IN ('in_progress', 'awaiting_enterprise', 'escalated', 'resolved', 'closed')
            THEN f.claim_secs END,
       CASE WHEN f.status IN ('resolved', 'closed') THEN f.resolve_secs END
FROM fate f, pick p;

INSERT INTO ticket_events (id, ticket_id, kind, payload, created_at)
SELECT gen_random_uuid(), t.id, 'filed', '{}'::jsonb, t.created_at
FROM tickets t WHERE t.number LIKE 'BENCH-%';

INSERT INTO ticket_events (id, ticket_id, kind, payload, created_at)
SELECT gen_random_uuid(), t.id, 'return', '{"reason": "bench"}'::jsonb, t.created_at + interval '1 minute'
FROM tickets t
WHERE t.number LIKE 'BENCH-%' AND substr(t.number, 7)::int % 50 = 0;

COMMIT;

VACUUM ANALYZE tickets;
VACUUM ANALYZE ticket_events;
