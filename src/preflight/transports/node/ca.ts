import { X509Certificate } from 'node:crypto';
import { PreflightOptionError } from '../../errors.js';

/**
 * One `ca` entry as PEM text, checked: Node's TLS silently skips what is not a PEM certificate, so a
 * DER file or a wrong file would be "trusted" while trusting nothing. `path` names the entry
 * (`['ca']`, or `['ca', 2]` in a list).
 */
export function pemCa(ca: string | Buffer, path: Array<string | number>): string {
  const pem = String(ca);
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  if (!blocks) {
    throw new PreflightOptionError(
      path,
      'no PEM certificate ("-----BEGIN CERTIFICATE-----") in it',
      'convert a DER file first: openssl x509 -inform der -in CA.cer -out CA.pem',
    );
  }
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new PreflightOptionError(path, `certificate ${index + 1} does not parse`);
    }
  });
  return pem;
}
