import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const script = join(__dirname, '../../../infra/local/certs');

/** The files of a certificate that a folder's CA signed (PEM). */
export interface IssuedCertificate {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/**
 * A certificate and key for `names` (`DNS:localhost`, `IP:127.0.0.1`) signed by the CA of `dir`, which is made
 * there first if missing: infra/local/certs, the same script that makes the local stack's own certificates.
 */
export function issueCertificate(dir: string, name: string, names: string[]): IssuedCertificate {
  execFileSync(script, [dir, name, ...names], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { caFile: join(dir, 'ca.crt'), certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
}
