-- pgbench's ceiling for filing: the same two inserts in one transaction, a
-- ticket row (every index of `tickets` kept up to date) and its `filed`
-- event, ids ordered by time like the service's v7 uuids. Nothing else:
-- no number, no lookups, no HTTP. Rows are numbered `PGB…`; bench/run.sh
-- deletes them after each run. Variables: department (any uuid of the
-- database's; unused but for the payload).
BEGIN;
INSERT INTO tickets (
    id, number, enterprise_id, filer_id, channel, category, department_id, assignee_id,
    title, description, priority, status, sla_policy_id, calendar_id,
    response_due_at, response_warn_at, first_response_due_at, first_response_warn_at,
    resolution_due_at, resolution_warn_at, paused_business_secs, reopen_count, urge_count,
    extension_count, created_at, updated_at, version)
SELECT (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0')
        || substr(md5(random()::text), 1, 20))::uuid,
       'PGB' || substr(md5(random()::text), 1, 13),
       e.id, u.id, 'app', c.code, NULL, NULL, 'bench filing', 'filed by pgbench', 'normal',
       'submitted', NULL, NULL,
       now() + interval '1 hour', now() + interval '45 minutes',
       now() + interval '2 hours', now() + interval '90 minutes',
       now() + interval '2 days', now() + interval '36 hours', 0, 0, 0, 0, now(), now(), 1
FROM (VALUES (1)) one
CROSS JOIN LATERAL (SELECT id FROM enterprises ORDER BY credit_code LIMIT 1) e
CROSS JOIN LATERAL (SELECT id FROM users ORDER BY login LIMIT 1) u
CROSS JOIN LATERAL (SELECT code FROM categories ORDER BY code LIMIT 1) c
RETURNING id AS ticket \gset
INSERT INTO ticket_events (id, ticket_id, actor_id, actor_role, kind, from_status, to_status,
                           payload, created_at)
VALUES ((lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0')
         || substr(md5(random()::text), 1, 20))::uuid,
        :ticket, NULL, 'enterprise', 'filed', NULL, 'submitted',
        jsonb_build_object('channel', 'app', 'priority', 'normal', 'department', :department::text),
        now());
END;
