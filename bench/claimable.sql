-- :n fresh tickets dispatched to the department :department, for the claim
-- workload of bench/run.sh (each claim must find an unclaimed ticket).
-- Prints their ids, one a line.
\set ON_ERROR_STOP on
INSERT INTO tickets (
    id, number, enterprise_id, filer_id, channel, category, department_id,
    title, description, priority, status, response_due_at, first_response_due_at,
    resolution_due_at, dispatched_at, paused_business_secs, reopen_count, urge_count,
    extension_count, created_at, updated_at, version)
SELECT gen_random_uuid(), 'CLM' || substr(md5(random()::text), 1, 13),
       (SELECT id FROM enterprises ORDER BY credit_code LIMIT 1),
       (SELECT id FROM users WHERE role = 'dispatcher' ORDER BY login LIMIT 1),
       'hotline', (SELECT code FROM categories ORDER BY code LIMIT 1), :'department',
       'bench claim ' || g, 'to be claimed', 'normal', 'dispatched',
       now() + interval '1 hour', now() + interval '2 hours', now() + interval '2 days',
       now(), 0, 0, 0, 0, now() - interval '1 day', now() - interval '1 day', 1
FROM generate_series(1, :n) g
RETURNING id;
