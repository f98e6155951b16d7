/**
 * The README's picture of the explorer page: `npx tsx test/e2e/explore-screenshot.ts` writes
 * docs/images/explore.png (the sloppy-ghost page with its counterexample loaded, stepped back
 * to the read's first reply, as a reader would look at it).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from './chromium.ts';
import { quorumlab, root, scratch } from './run-cli.ts';

const file = join(scratch(), 'sloppy-ghost.html');
const run = await quorumlab(['explore', 'sloppy-ghost', '-o', file]);
if (run.code !== 0) throw new Error(`explore failed: ${run.stderr}`);
const browser = await launchChromium(1600, 860);
try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(file).href);
  await page.locator('#load').click();
  await page.waitForSelector('#chart[data-steps="11"]:not(.drawing) svg');
  await page.mouse.move(0, 0);
  const target = join(root, 'docs', 'images', 'explore.png');
  await page.screenshot({ path: target });
  console.log(`wrote ${target}`);
} finally {
  await browser.close();
}
