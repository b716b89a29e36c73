import { createHash, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium: never a downloaded browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface ChromiumOptions {
  /**
   * PEM certificates to trust for TLS (HTTPS, WSS, and whatever else Chromium's verifier checks),
   * by the SHA-256 of their public key: `--ignore-certificate-errors-spki-list`, nothing broader.
   */
  trustPem?: string[];
  /**
   * A fake camera and microphone that need no prompt (`--use-fake-device-for-media-stream`,
   * `--use-fake-ui-for-media-stream`), for pages that publish. Default false: nothing may ask.
   */
  fakeMedia?: boolean;
}

export interface ChromiumHandle {
  context: BrowserContext;
  /** A new tab; console errors and page errors are collected in {@link ChromiumHandle.errors}. */
  newPage(): Promise<Page>;
  /** Console errors (with the URL they name, when any) and uncaught page errors of every tab, as text. */
  errors: string[];
  /** Close every tab, the browser, and remove its profile directory. */
  close(): Promise<void>;
}

/** base64 SHA-256 of a certificate's SubjectPublicKeyInfo, the form Chromium's SPKI allow-list takes. */
export function spkiHash(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * Launch Debian's Chromium headless with a fresh profile, no background traffic, and a host
 * resolver that resolves nothing, so a page can only reach IP literals (the tests use 127.0.0.1).
 */
export async function launchChromium(options: ChromiumOptions = {}): Promise<ChromiumHandle> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (bash scripts/setup.sh)`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'vva-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE [::1]',
  ];
  const pins = (options.trustPem ?? []).map(spkiHash);
  if (options.fakeMedia) args.push('--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream');
  if (pins.length > 0) args.push(`--ignore-certificate-errors-spki-list=${pins.join(',')}`);
  let context: BrowserContext;
  try {
    // launchPersistentContext passes `--user-data-dir=<profile>` itself.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args,
      timeout: 60_000,
      viewport: { width: 1000, height: 800 },
    });
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw err;
  }
  const errors: string[] = [];
  return {
    context,
    errors,
    async newPage() {
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        const at = m.location().url;
        errors.push(at ? `${m.text()} (${at})` : m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      return page;
    },
    async close() {
      try {
        await context.close();
      } finally {
        await rm(profile, { recursive: true, force: true, maxRetries: 3 });
      }
    },
  };
}
