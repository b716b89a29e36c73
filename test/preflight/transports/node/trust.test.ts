import { createServer, connect, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { verifyPeer } from '../../../../src/preflight/transports/node/trust.js';

/** A TLS server for 127.0.0.1 whose certificate is signed by a fresh CA named `caName`. */
async function signedBy(caName: string, san = '127.0.0.1') {
  const ca = await generate(
    [
      { name: 'commonName', value: caName },
      { name: 'organizationName', value: 'Corp' },
    ],
    {
      keyType: 'ec',
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', keyCertSign: true, digitalSignature: true },
      ],
    },
  );
  const leaf = await generate([{ name: 'commonName', value: san }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: san }] }],
  });
  const server = createServer({ key: leaf.private, cert: leaf.cert }, (s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { ca: ca.cert, port: (server.address() as AddressInfo).port, close: () => server.close() };
}

function handshake(port: number, ca?: string, host = '127.0.0.1'): Promise<ReturnType<typeof verifyPeer>> {
  return new Promise((resolve, reject) => {
    const s: TLSSocket = connect({ host, port, rejectUnauthorized: false, ...(ca ? { ca } : {}) });
    s.once('secureConnect', () => {
      resolve(verifyPeer(s));
      s.destroy();
    });
    s.once('error', reject);
  });
}

describe('verifyPeer', () => {
  it('names the issuer of a certificate signed by a CA this machine does not trust', async () => {
    const srv = await signedBy('Corp Inspection CA');
    try {
      expect(await handshake(srv.port)).toEqual({
        code: 'tls-untrusted',
        message: 'certificate not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE): issuer "Corp Inspection CA, Corp"',
      });
      expect(await handshake(srv.port, srv.ca)).toBeNull();
    } finally {
      srv.close();
    }
  });

  it('a trusted certificate for another name is a tls failure, not an untrusted issuer', async () => {
    const srv = await signedBy('Corp Inspection CA', '127.0.0.2');
    try {
      expect(await handshake(srv.port, srv.ca)).toEqual({
        code: 'tls',
        message: 'certificate refused: ERR_TLS_CERT_ALTNAME_INVALID',
      });
    } finally {
      srv.close();
    }
  });
});
