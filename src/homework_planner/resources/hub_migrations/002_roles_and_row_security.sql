-- Three group roles; each person logs in with their own role, made a member of one of them.
-- practitioner: reads and writes only their own rows (row-level security on current_user);
-- supervisor: reads their supervisees' rows and publishes templates; auditor: aggregates only.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hub_practitioner') THEN
        CREATE ROLE hub_practitioner NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hub_supervisor') THEN
        CREATE ROLE hub_supervisor NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hub_auditor') THEN
        CREATE ROLE hub_auditor NOLOGIN;
    END IF;
END
$$;

REVOKE ALL ON SCHEMA hub FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA hub FROM PUBLIC;
GRANT USAGE ON SCHEMA hub TO hub_practitioner, hub_supervisor, hub_auditor;

-- Facts are appended, never changed or deleted, by anyone but the hub's owner.
GRANT SELECT, INSERT ON hub.agreements, hub.reviews, hub.withdrawals TO hub_practitioner;
GRANT SELECT ON hub.agreements, hub.reviews, hub.withdrawals TO hub_supervisor;
GRANT SELECT ON hub.supervision TO hub_supervisor;
GRANT SELECT ON hub.shared_templates TO hub_practitioner, hub_supervisor;
GRANT INSERT, UPDATE (withdrawn_at) ON hub.shared_templates TO hub_supervisor;
GRANT SELECT ON hub.schema_migrations TO hub_practitioner, hub_supervisor, hub_auditor;

ALTER TABLE hub.agreements ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.withdrawals ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.supervision ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.shared_templates ENABLE ROW LEVEL SECURITY;

CREATE POLICY own_rows ON hub.agreements TO hub_practitioner
    USING (practitioner = current_user) WITH CHECK (practitioner = current_user);
CREATE POLICY own_rows ON hub.reviews TO hub_practitioner
    USING (practitioner = current_user) WITH CHECK (practitioner = current_user);
CREATE POLICY own_rows ON hub.withdrawals TO hub_practitioner
    USING (practitioner = current_user) WITH CHECK (practitioner = current_user);

CREATE POLICY own_supervisees ON hub.supervision FOR SELECT TO hub_supervisor
    USING (supervisor = current_user);
CREATE POLICY supervisees ON hub.agreements FOR SELECT TO hub_supervisor
    USING (EXISTS (SELECT 1 FROM hub.supervision s
                   WHERE s.supervisor = current_user AND s.practitioner = agreements.practitioner));
CREATE POLICY supervisees ON hub.reviews FOR SELECT TO hub_supervisor
    USING (EXISTS (SELECT 1 FROM hub.supervision s
                   WHERE s.supervisor = current_user AND s.practitioner = reviews.practitioner));
CREATE POLICY supervisees ON hub.withdrawals FOR SELECT TO hub_supervisor
    USING (EXISTS (SELECT 1 FROM hub.supervision s
                   WHERE s.supervisor = current_user AND s.practitioner = withdrawals.practitioner));

CREATE POLICY everyone_reads ON hub.shared_templates FOR SELECT
    TO hub_practitioner, hub_supervisor USING (true);
CREATE POLICY author_publishes ON hub.shared_templates FOR INSERT TO hub_supervisor
    WITH CHECK (author = current_user);
CREATE POLICY supervisor_withdraws ON hub.shared_templates FOR UPDATE TO hub_supervisor
    USING (true) WITH CHECK (true);

-- The auditor's view: counts per practitioner, no client codes, no words. A view runs with
-- its owner's rights, so it sees every row; the auditor is granted the view and nothing else.
CREATE VIEW hub.practitioner_summary AS
WITH ag AS (
    SELECT practitioner,
           count(DISTINCT client_code) AS clients,
           count(DISTINCT assignment_id) AS assignments_agreed,
           count(*) AS agreed_versions,
           count(*) FILTER (WHERE missing_count = 0) AS agreed_complete
    FROM hub.agreements GROUP BY practitioner
), latest_review AS (
    SELECT DISTINCT ON (practitioner, review_id) practitioner, completion
    FROM hub.reviews ORDER BY practitioner, review_id, revision DESC
), rv AS (
    SELECT practitioner, count(*) AS reviews, round(avg(completion), 2) AS mean_completion
    FROM latest_review GROUP BY practitioner
), wd AS (
    SELECT practitioner, count(DISTINCT assignment_id) AS withdrawn
    FROM hub.withdrawals GROUP BY practitioner
)
SELECT practitioner,
       coalesce(ag.clients, 0) AS clients,
       coalesce(ag.assignments_agreed, 0) AS assignments_agreed,
       coalesce(ag.agreed_versions, 0) AS agreed_versions,
       coalesce(ag.agreed_complete, 0) AS agreed_complete,
       coalesce(rv.reviews, 0) AS reviews,
       rv.mean_completion,
       coalesce(wd.withdrawn, 0) AS withdrawn
FROM ag FULL JOIN rv USING (practitioner) FULL JOIN wd USING (practitioner);

GRANT SELECT ON hub.practitioner_summary TO hub_auditor;
