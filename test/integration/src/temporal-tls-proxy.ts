import { readFileSync } from 'node:fs';
import {
  connect,
  constants,
  createSecureServer,
  type ClientHttp2Session,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type ServerHttp2Session,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** What the proxy saw of one gRPC call. */
export interface ProxiedCall {
  path: string;
  authorization?: string;
  /** The common name of the client certificate the connection presented, if any. */
  clientCertificate?: string;
}

export interface TemporalTlsProxy {
  /** host:port for TEMPORAL_ADDRESS. */
  address: string;
  calls: ProxiedCall[];
  /** The TLS handshakes that failed, by OpenSSL's reason or Node's (the proxy's side of a refusal). */
  handshakeErrors: string[];
  close(): Promise<void>;
}

export interface TemporalTlsProxyOptions {
  /** The plain dev server, host:port. */
  upstream: string;
  certFile: string;
  keyFile: string;
  /** mTLS: the handshake fails unless the client presents a certificate this CA signed. */
  clientCaFile?: string;
  /** Calls without `authorization: Bearer <apiKey>` are answered UNAUTHENTICATED, as Temporal Cloud does. */
  apiKey?: string;
}

const UNAUTHENTICATED = '16';

/**
 * A TLS-terminating HTTP/2 proxy in front of the Temporal dev server, which has no TLS of its own: it forwards each
 * gRPC call (headers, messages, trailers) to the plain server, so a real Temporal answers a client or worker that
 * connected with TLS, a client certificate or an API key, and it records what each call presented.
 */
export async function startTemporalTlsProxy(options: TemporalTlsProxyOptions): Promise<TemporalTlsProxy> {
  const calls: ProxiedCall[] = [];
  const upstream: ClientHttp2Session = connect(`http://${options.upstream}`);
  upstream.on('error', () => undefined); // each forwarded call reports its own failure
  const server = createSecureServer({
    key: readFileSync(options.keyFile),
    cert: readFileSync(options.certFile),
    ...(options.clientCaFile && {
      ca: readFileSync(options.clientCaFile),
      requestCert: true,
      rejectUnauthorized: true,
    }),
  });
  const handshakeErrors: string[] = [];
  server.on('tlsClientError', (error) => handshakeErrors.push(error.message));
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    const peer = (stream.session?.socket as TLSSocket | undefined)?.getPeerCertificate();
    const authorization = headers['authorization'];
    calls.push({ path: String(headers[':path']), authorization, clientCertificate: peer?.subject?.CN as string });
    if (options.apiKey !== undefined && authorization !== `Bearer ${options.apiKey}`) {
      stream.respond(
        {
          ':status': 200,
          'content-type': 'application/grpc',
          'grpc-status': UNAUTHENTICATED,
          'grpc-message': 'no API key',
        },
        { endStream: true },
      );
      return;
    }
    const forward = upstream.request(requestHeaders(headers));
    let trailers: OutgoingHttpHeaders = {};
    forward.on('response', (responseHeaders, flags) => {
      // A trailers-only answer (a gRPC error) ends with its headers; anything else ends with trailers.
      const ended = (flags & constants.NGHTTP2_FLAG_END_STREAM) !== 0;
      stream.respond(responseHeaders, ended ? { endStream: true } : { waitForTrailers: true });
    });
    forward.on('trailers', (received) => (trailers = received));
    stream.on('wantTrailers', () => stream.sendTrailers(trailers));
    forward.on('error', (error) => stream.destroy(error));
    stream.on('close', () => forward.close(constants.NGHTTP2_CANCEL));
    stream.pipe(forward);
    forward.pipe(stream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    handshakeErrors,
    close: async () => {
      for (const session of sessions) session.destroy();
      upstream.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The call's method, path and metadata; the session's own pseudo-headers (scheme, authority) are the upstream's. */
function requestHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const forwarded: OutgoingHttpHeaders = { ':method': headers[':method'], ':path': headers[':path'] };
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(':')) forwarded[name] = value;
  }
  return forwarded;
}
