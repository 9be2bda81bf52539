// Headless Debian Chromium through playwright-core, with the flags this machine needs. The
// browser's profile folder is removed when the context closes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findChromium } from '../runtimes/chromium-path.js';

export const CHROMIUM = findChromium();
export const hasChromium = () => CHROMIUM !== null;

export async function launch() {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'neurasm-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
  const close = context.close.bind(context);
  context.close = async (...args) => {
    try { return await close(...args); } finally { rmSync(userDataDir, { recursive: true, force: true }); }
  };
  return context;
}
