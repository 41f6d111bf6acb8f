import { openCommissionerAccessDataSource } from '@waymark/commissioner-access';
import { createThrowawayDatabase, ThrowawayDatabase } from '@waymark/test-support';
import { measuresDataSourceOptions, ProjectionRebuild } from '@waymark/measures-store';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { openProviderApiDataSource } from './provider-access-test-support';

const SCHEMAS_SQL = readFileSync(join(__dirname, '../../../infra/postgres/schemas.sql'), 'utf8');
const ROLES = ['waymark_api', 'waymark_measures'] as const;
type Role = (typeof ROLES)[number];

/**
 * The database roles a deployment gives the services (infra/postgres/schemas.sql, used by the compose file and the
 * CloudNativePG example): each service migrates and works in its own schemas under its own role, and cannot reach
 * the other's — measures-service's role never sees the providers' keys.
 */
describe('deployment database roles (infra/postgres/schemas.sql)', () => {
  let database: ThrowawayDatabase;
  const open: DataSource[] = [];

  const connect = async (url: string) => {
    const connection = await new DataSource({ type: 'postgres', url }).initialize();
    open.push(connection);
    return connection;
  };
  const urlAs = (role: Role) => {
    const url = new URL(database.url);
    url.username = role;
    return url.toString();
  };
  const server = () => connect(process.env['DATABASE_URL'] ?? '');
  const permissionError = (promise: Promise<unknown>) =>
    expect(promise).rejects.toMatchObject({ driverError: { code: '42501' } }); // insufficient_privilege

  let madeWithoutLogin: { rolname: string; rolcanlogin: boolean }[];

  // As on CloudNativePG: the script makes the roles it needs, without a login; the operator gives them one.
  beforeAll(async () => {
    const admin = await server();
    for (const role of ROLES) await admin.query(`DROP ROLE IF EXISTS ${role}`);
    database = await createThrowawayDatabase('roles');
    await (await connect(database.url)).query(SCHEMAS_SQL);
    madeWithoutLogin = await admin.query(
      `SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`,
      [ROLES],
    );
    for (const role of ROLES) await admin.query(`ALTER ROLE ${role} LOGIN`);
  });

  afterAll(async () => {
    await Promise.all(open.map((connection) => connection.destroy()));
    await database?.drop();
    const admin = await new DataSource({ type: 'postgres', url: process.env['DATABASE_URL'] ?? '' }).initialize();
    for (const role of ROLES) await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.destroy();
  });

  it('makes the roles it needs, without a login', () => {
    expect(madeWithoutLogin).toEqual(ROLES.map((rolname) => ({ rolname, rolcanlogin: false })));
  });

  it('is safe to run again', async () => {
    const owner = await connect(database.url);
    await owner.query(SCHEMAS_SQL);
    const schemas: { schema: string; owner: string }[] = await owner.query(
      `SELECT nspname AS schema, pg_get_userbyid(nspowner) AS owner FROM pg_namespace
       WHERE nspname IN ('provider_api', 'measures', 'commissioner_access') ORDER BY 1`,
    );
    expect(schemas).toEqual([
      { schema: 'commissioner_access', owner: 'waymark_measures' },
      { schema: 'measures', owner: 'waymark_measures' },
      { schema: 'provider_api', owner: 'waymark_api' },
    ]);
  });

  it('lets each service migrate its own schemas under its own role', async () => {
    open.push(await openProviderApiDataSource(urlAs('waymark_api')));
    open.push(await new DataSource(measuresDataSourceOptions(urlAs('waymark_measures'))).initialize());
    open.push(await openCommissionerAccessDataSource(urlAs('waymark_measures')));

    const tables: { schema: string; owner: string }[] = await (
      await connect(database.url)
    ).query(`SELECT DISTINCT schemaname AS schema, tableowner AS owner FROM pg_tables
             WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`);
    expect(tables).toEqual([
      { schema: 'commissioner_access', owner: 'waymark_measures' },
      { schema: 'measures', owner: 'waymark_measures' },
      { schema: 'provider_api', owner: 'waymark_api' },
    ]);
  });

  it("keeps measures-service's role out of the providers' schema, and journey-api's out of the projections", async () => {
    const measures = await connect(urlAs('waymark_measures'));
    await permissionError(measures.query('SELECT count(*) FROM provider_api.provider_credentials'));
    await permissionError(measures.query('SELECT count(*) FROM provider_api.idempotency_records'));
    const api = await connect(urlAs('waymark_api'));
    await permissionError(api.query('SELECT count(*) FROM measures.closures'));
    await permissionError(api.query('SELECT count(*) FROM commissioner_access.commissioner_credentials'));
    await permissionError(api.query('CREATE TABLE public.stray (id int)'));
  });

  it('lets ops-cli rebuild the projections under the measures role', async () => {
    const live = await new DataSource(measuresDataSourceOptions(urlAs('waymark_measures'))).initialize();
    open.push(live);
    const rebuild = await ProjectionRebuild.begin(live, 'Europe/London');
    await rebuild.swapIn();
    await rebuild.close();
    await expect(live.query('SELECT count(*)::int AS n FROM measures.closures')).resolves.toEqual([{ n: 0 }]);
  });
});
