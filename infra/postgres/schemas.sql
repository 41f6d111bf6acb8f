-- Waymark's schemas in its application database, and which database role may use which.
-- Run as a superuser (or a role with CREATEROLE that owns the database) in that database:
--   waymark_api        journey-api: providers' keys and idempotency records (schema provider_api)
--   waymark_measures   measures-service, the dashboard and ops-cli: projections, cost rates (schema measures),
--                      commissioners' keys and sign-in sessions (schema commissioner_access); `ops-cli measures
--                      rebuild` also makes schema measures_rebuild
-- Roles that do not exist yet are made without a login: give them one with a password (the compose file makes them
-- with their passwords first; CloudNativePG's managed roles take them over).
-- Each role owns only its own schemas and is granted nothing in the others', so measures-service's role cannot reach
-- the providers' schema and journey-api's cannot reach the projections. Safe to run again.
-- Used by infra/docker/compose.yaml (postgres init) and by the CloudNativePG example (postInitApplicationSQLRefs);
-- checked by test/integration/src/deployment-roles.int-spec.ts.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'waymark_api') THEN CREATE ROLE waymark_api; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'waymark_measures') THEN CREATE ROLE waymark_measures; END IF;
END
$$;

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
END
$$;
