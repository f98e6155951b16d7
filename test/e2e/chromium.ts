/**
 * Headless Chromium for the explorer page's tests and its README screenshot: Debian's
 * `chromium` (which `.ci/run` installs; playwright-core cannot download a browser here), with
 * the flags a machine without outside network needs, in a fresh profile.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** The system Chromium; `QUORUMLAB_CHROMIUM` may name another. */
export const CHROMIUM = process.env.QUORUMLAB_CHROMIUM ?? '/usr/bin/chromium';

/** No background connections (a closed network refuses them), no sandbox (tests may run as root). */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts headless Chromium with a fresh profile and a `width` x `height` viewport. */
export async function launchChromium(width = 1400, height = 900): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (.ci/run does) or set QUORUMLAB_CHROMIUM`);
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'quorumlab-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width, height },
  });
}
