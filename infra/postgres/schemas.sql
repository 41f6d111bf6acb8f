-- Waymark's schemas in its application database, and which database role may use which.
-- Run once as a superuser (or the database owner) in that database, after the login roles exist:
--   waymark_api        journey-api: providers' keys and idempotency records (schema provider_api)
--   waymark_measures   measures-service and ops-cli: projections, cost rates (schema measures), commissioners' keys
--                      (schema commissioner_access); `ops-cli measures rebuild` also makes schema measures_rebuild
--   waymark_dashboard  optional, read-only: the dashboard's reads of the projections and commissioners' keys
-- Each role owns only its own schemas and is granted nothing in the others', so measures-service's role cannot reach
-- the providers' schema and journey-api's cannot reach the projections. Safe to run again.
-- Used by infra/docker/compose.yaml (postgres init) and by the CloudNativePG example (postInitApplicationSQLRefs);
-- checked by test/integration/src/deployment-roles.int-spec.ts.

REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS provider_api AUTHORIZATION waymark_api;
CREATE SCHEMA IF NOT EXISTS measures AUTHORIZATION waymark_measures;
CREATE SCHEMA IF NOT EXISTS commissioner_access AUTHORIZATION waymark_measures;

-- Unqualified names (the projections, TypeORM's migrations table) land in the role's own schema.
ALTER ROLE waymark_api SET search_path = provider_api;
ALTER ROLE waymark_measures SET search_path = measures;

DO $$
BEGIN
  -- The services run CREATE SCHEMA IF NOT EXISTS at start-up, which PostgreSQL checks against CREATE on the
  -- database even when the schema exists; a rebuild creates measures_rebuild.
  EXECUTE format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO waymark_api, waymark_measures', current_database());
  EXECUTE format('GRANT CREATE ON DATABASE %I TO waymark_api, waymark_measures', current_database());
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'waymark_dashboard') THEN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO waymark_dashboard', current_database());
    GRANT USAGE ON SCHEMA measures, commissioner_access TO waymark_dashboard;
    GRANT SELECT ON ALL TABLES IN SCHEMA measures, commissioner_access TO waymark_dashboard;
    -- Tables made later, also those a rebuild makes elsewhere and moves into measures.
    ALTER DEFAULT PRIVILEGES FOR ROLE waymark_measures GRANT SELECT ON TABLES TO waymark_dashboard;
    ALTER ROLE waymark_dashboard SET search_path = measures;
    ALTER ROLE waymark_dashboard SET default_transaction_read_only = on;
  END IF;
END
$$;
