#!/bin/sh
# First start of the compose file's PostgreSQL (docker-entrypoint-initdb.d): Temporal's role and databases,
# Waymark's database, its login roles, then its schemas and grants (infra/postgres/schemas.sql).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" -v api_password="$WAYMARK_API_DB_PASSWORD" \
  -v measures_password="$WAYMARK_MEASURES_DB_PASSWORD" <<'SQL'
CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
CREATE ROLE waymark_api LOGIN PASSWORD :'api_password';
CREATE ROLE waymark_measures LOGIN PASSWORD :'measures_password';
CREATE DATABASE waymark;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname waymark -f /waymark/schemas.sql
