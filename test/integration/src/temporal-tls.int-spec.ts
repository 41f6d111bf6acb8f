import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig, temporalConnection, temporalEnv } from '@waymark/config';
import { issueCertificate, type IssuedCertificate } from '@waymark/test-support';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { SecretFiles } from './secure-connections';
import { startTemporalTlsProxy, type TemporalTlsProxy, type TemporalTlsProxyOptions } from './temporal-tls-proxy';

const schema = z.object(temporalEnv);
const SERVER_NAME = 'temporal.waymark.test';
const namespace = process.env['TEMPORAL_NAMESPACE'] ?? 'waymark';

/**
 * The services' Temporal settings (temporalConnection, as journey-api, measures-service and the worker use it)
 * against the real dev server behind a TLS-terminating proxy: the dev server has no TLS of its own. The proxy's
 * certificate names SERVER_NAME only, so every call here also needs TEMPORAL_TLS_SERVER_NAME.
 */
describe('Temporal over TLS', () => {
  let secrets: SecretFiles;
  let server: IssuedCertificate;
  let client: IssuedCertificate;
  let mtlsOptions: TemporalTlsProxyOptions;
  let mtls: TemporalTlsProxy;
  let apiKeyProxy: TemporalTlsProxy;
  const apiKey = randomBytes(18).toString('base64url');

  const connectionTo = (proxy: TemporalTlsProxy, variables: Record<string, string | undefined>) =>
    temporalConnection(
      loadConfig(schema, {
        TEMPORAL_ADDRESS: proxy.address,
        TEMPORAL_TLS: 'true',
        TEMPORAL_TLS_CA_FILE: server.caFile,
        TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
        ...variables,
      }),
    );
  const clientCertificate = () => ({ TEMPORAL_TLS_CERT_FILE: client.certFile, TEMPORAL_TLS_KEY_FILE: client.keyFile });

  /** The client side (journey-api, measures-service): Connection.connect, failing fast. */
  const describeNamespace = async (proxy: TemporalTlsProxy, variables: Record<string, string | undefined>) => {
    const connection = await Connection.connect({ ...connectionTo(proxy, variables), connectTimeout: '3s' });
    try {
      return await connection.workflowService.describeNamespace({ namespace });
    } finally {
      await connection.close();
    }
  };
  /**
   * Connection.connect gives up without saying why (grpc-js hides the handshake's error behind its deadline), so the
   * proxy's side shows it: no call got through, and the handshake failed as `handshakeError` says. A proxy of its own,
   * so that no other connection's retries can be taken for this one's.
   */
  const expectClientRefused = async (variables: Record<string, string | undefined>, handshakeError: RegExp) => {
    const proxy = await startTemporalTlsProxy(mtlsOptions);
    try {
      await expect(describeNamespace(proxy, variables)).rejects.toThrow('Failed to connect before the deadline');
      expect(proxy.calls).toEqual([]);
      expect(proxy.handshakeErrors).toContainEqual(expect.stringMatching(handshakeError));
    } finally {
      await proxy.close();
    }
  };
  /** The worker side: NativeConnection.connect (Rust's TLS, not Node's). */
  const connectNative = async (proxy: TemporalTlsProxy, variables: Record<string, string | undefined>) => {
    const connection = await NativeConnection.connect(connectionTo(proxy, variables));
    await connection.close();
  };

  beforeAll(async () => {
    if (!process.env['TEMPORAL_ADDRESS'])
      throw new Error('TEMPORAL_ADDRESS is not set: eval "$(infra/local/stack env)"');
    secrets = new SecretFiles();
    server = issueCertificate(join(secrets.dir, 'server-ca'), 'temporal', [`DNS:${SERVER_NAME}`]);
    client = issueCertificate(join(secrets.dir, 'client-ca'), 'journey-worker', ['DNS:journey-worker']);
    const upstream = process.env['TEMPORAL_ADDRESS'];
    const proxied = { upstream, certFile: server.certFile, keyFile: server.keyFile };
    mtlsOptions = { ...proxied, clientCaFile: client.caFile };
    mtls = await startTemporalTlsProxy(mtlsOptions);
    apiKeyProxy = await startTemporalTlsProxy({ ...proxied, apiKey });
  });
  afterAll(async () => {
    await mtls?.close();
    await apiKeyProxy?.close();
    secrets?.remove();
  });

  describe('with a client certificate (mTLS)', () => {
    it('runs a workflow: started by a client and executed by a worker, both through TLS with their certificate', async () => {
      const settings = connectionTo(mtls, clientCertificate());
      const taskQueue = `tls-it-${randomUUID()}`;
      const worker = await Worker.create({
        connection: await NativeConnection.connect(settings),
        namespace,
        taskQueue,
        workflowsPath: join(__dirname, 'workflows/greeting.ts'),
      });
      const connection = await Connection.connect(settings);
      try {
        const answer = await worker.runUntil(
          new Client({ connection, namespace }).workflow.execute('greeting', {
            taskQueue,
            workflowId: `tls-it-${randomUUID()}`,
            args: ['over mTLS'],
          }),
        );
        expect(answer).toBe('hello over mTLS');
      } finally {
        await connection.close();
      }
      const pollers = mtls.calls.filter((call) => call.path.endsWith('/PollWorkflowTaskQueue'));
      expect(pollers.length).toBeGreaterThan(0);
      expect(new Set(mtls.calls.map((call) => call.clientCertificate))).toEqual(new Set(['journey-worker']));
    });

    it('is refused without a client certificate, by the client and the worker', async () => {
      await expectClientRefused({}, /peer did not return a certificate/);
      // TLS 1.3 sends the server's refusal after the client's side of the handshake: Rust's client reports either
      // the alert or the connection closed under it, depending on which it reads first.
      await expect(connectNative(mtls, {})).rejects.toThrow(/CertificateRequired|connection closed/);
    });

    it('refuses a server whose certificate another CA signed', async () => {
      const otherCa = issueCertificate(join(secrets.dir, 'other-ca'), 'unused', ['DNS:unused']).caFile;
      const variables = { ...clientCertificate(), TEMPORAL_TLS_CA_FILE: otherCa };
      // The client hangs up on a certificate it does not trust.
      await expectClientRefused(variables, /socket hang up/);
      await expect(connectNative(mtls, variables)).rejects.toThrow('UnknownIssuer');
    });

    it('checks the server name of TEMPORAL_TLS_SERVER_NAME, not the address, when it is given', async () => {
      const variables = { ...clientCertificate(), TEMPORAL_TLS_SERVER_NAME: undefined };
      // The client hangs up on a certificate it does not trust.
      await expectClientRefused(variables, /socket hang up/);
      await expect(connectNative(mtls, variables)).rejects.toThrow('NotValidForName');
    });
  });

  describe('with an API key', () => {
    it('sends it as a bearer token on every call, from the client and the worker', async () => {
      const variables = { TEMPORAL_API_KEY_FILE: secrets.file('api-key', apiKey) };
      const answer = await describeNamespace(apiKeyProxy, variables);
      expect(answer.namespaceInfo?.name).toBe(namespace);
      await connectNative(apiKeyProxy, variables);
      expect(apiKeyProxy.calls.length).toBeGreaterThan(1);
      expect(new Set(apiKeyProxy.calls.map((call) => call.authorization))).toEqual(new Set([`Bearer ${apiKey}`]));
    });

    it('is refused with a wrong key', async () => {
      const variables = { TEMPORAL_API_KEY: `${apiKey}x` };
      await expect(describeNamespace(apiKeyProxy, variables)).rejects.toMatchObject({ cause: { code: 16 } });
      await expect(connectNative(apiKeyProxy, variables)).rejects.toThrow('valid authentication credentials');
    });
  });
});
