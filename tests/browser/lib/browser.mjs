// Launches Debian's Chromium through playwright-core: never a downloaded browser, always a fresh
// profile, and the flags that keep it off this machine's closed network.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.PATCHMON_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh browser context; call close() to end it and delete its profile. */
export async function openBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'patchmon-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    timeout: 60_000,
  });
  const failures = [];
  context.on('weberror', (error) => failures.push(String(error.error())));
  return {
    context,
    failures,
    async newPage() {
      const page = await context.newPage();
      page.on('pageerror', (error) => failures.push(String(error)));
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The base URL of the stack under test, set by the Java harness. */
export function baseUrl() {
  const url = process.env.PATCHMON_URL;
  if (!url) {
    throw new Error('PATCHMON_URL is not set: run browser specs through the Java end-to-end harness');
  }
  return url.replace(/\/$/, '');
}
