/**
 * The explorer page in a real browser: headless Chromium (Debian's `chromium`, which `.ci/run`
 * installs) driven by playwright-core. The page opens from disk, with every request outside the
 * file itself recorded as a failure, and every page error, console error and policy violation too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { quorumlab, scratch } from './run-cli.ts';

let browser: BrowserContext;
let dir: string;

beforeAll(async () => {
  dir = scratch();
  const runs = await Promise.all([
    quorumlab(['explore', 'sloppy-ghost', '-o', join(dir, 'ghost.html')]),
    quorumlab(['explore', 'examples/two-phase-commit.ts', '-o', join(dir, '2pc.html')]),
    quorumlab(['explore', '--property', 'convergence', '--drops', '1', '-o', join(dir, 'convergence.html')]),
  ]);
  for (const run of runs) expect(run.code, run.stderr).toBe(0);
  browser = await launchChromium(1400, 900);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** A page opened from disk, and everything that went wrong in it. */
async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (url !== pathToFileURL(file).href && !url.startsWith(`${pathToFileURL(file).href}#`) && !url.startsWith('blob:') && !url.startsWith('data:')) problems.push(`request: ${url}`);
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('#chart svg');
  return { page, problems };
}

/** The labels of the enabled-action buttons. */
function actionLabels(page: Page): Promise<string[]> {
  return page.locator('button.action .label').allTextContents();
}

/** A property's line, e.g. `stale-read: violated at step 11`. */
async function propertyLine(page: Page, name: string): Promise<string> {
  const item = page.locator(`li.property[data-property="${name}"]`);
  return `${await item.locator('.name').textContent()}: ${await item.locator('.status').textContent()}`;
}

/** Waits until the chart shows `steps` steps. */
async function chartAt(page: Page, steps: number): Promise<void> {
  await page.waitForSelector(`#chart[data-steps="${steps}"]:not(.drawing) svg`);
}

describe('the explorer page in Chromium', () => {
  it('a scenario: take an invoke, see the deliveries offered, go back, load the counterexample, see stale-read violated', async () => {
    const { page, problems } = await open(join(dir, 'ghost.html'));
    expect(await actionLabels(page)).toEqual(['C1 invokes write(1)', 'C2 invokes read', 'partition {R1,S1,C1} | {R2,R3,C2}']);
    expect(await propertyLine(page, 'stale-read')).toBe('stale-read: holds in the initial state');

    await page.locator('button.action', { hasText: 'C1 invokes write(1)' }).click();
    await chartAt(page, 1);
    // The write is sent to the three home replicas: each delivery is now an action.
    expect(await actionLabels(page)).toEqual([
      'C2 invokes read',
      'deliver write(1) v(1,C1) C1->R1',
      'deliver write(1) v(1,C1) C1->R2',
      'deliver write(1) v(1,C1) C1->R3',
      'partition {R1,S1,C1} | {R2,R3,C2}',
    ]);
    expect(await page.locator('#chart svg').textContent()).toContain('invoke write(1)');
    expect(await page.locator('#narration').textContent()).toBe('Step 1: C1 starts to write 1 and sends the request to R1, R2 and R3, waiting for 2 answers.');

    await page.locator('#back').click();
    await chartAt(page, 0);
    expect(await actionLabels(page)).toEqual(['C1 invokes write(1)', 'C2 invokes read', 'partition {R1,S1,C1} | {R2,R3,C2}']);
    // The step just undone is offered as the next one on the path; the keyboard retakes it.
    expect(await page.locator('button.action.next .label').textContent()).toBe('C1 invokes write(1)');
    await page.keyboard.press('ArrowRight');
    await chartAt(page, 1);
    await page.keyboard.press('ArrowLeft');
    await chartAt(page, 0);

    await page.locator('#load').click();
    await chartAt(page, 11);
    expect(await propertyLine(page, 'stale-read')).toBe('stale-read: violated at step 11');
    expect(await page.locator('#path li').count()).toBe(12);
    expect(await page.locator('#path li.current').textContent()).toContain('11. deliver reply 0 v0 R3->C2');
    const chart = await page.locator('#chart svg').textContent();
    expect(chart).toContain('stale-read violated');
    expect(await page.locator('table.lane[data-lane="R2"] tr.highlight td').textContent()).toBe('0 @ v0');
    expect(await page.locator('#error').isHidden()).toBe(true);

    const shot = join(dir, 'ghost.png');
    await page.screenshot({ path: shot });
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1400);
    expect(png.length).toBeGreaterThan(50_000);

    // The address keeps the path: a reload opens the same state.
    await page.reload();
    await chartAt(page, 11);
    expect(await propertyLine(page, 'stale-read')).toBe('stale-read: violated at step 11');
    expect(problems).toEqual([]);
  });

  it('a scenario: find a violation from a state part-way along, by a search in a worker', async () => {
    const { page, problems } = await open(join(dir, 'ghost.html'));
    await page.locator('#load').click();
    await chartAt(page, 11);
    // Back to step 6 (the write has succeeded with R1 and the spare S1), then search from there.
    await page.locator('#path button[data-step="6"]').click();
    await chartAt(page, 6);
    expect(await propertyLine(page, 'stale-read')).toBe('stale-read: holds so far (6 steps)');
    await page.locator('#find').click();
    await page.waitForSelector('#notice.found', { timeout: 60_000 });
    expect(await page.locator('#notice').textContent()).toMatch(/^Found: stale-read violated 5 steps after step 6 \(searched [\d,]+ states\)/);
    await chartAt(page, 11);
    expect(await propertyLine(page, 'stale-read')).toBe('stale-read: violated at step 11');
    expect(await page.locator('#path li.found').count()).toBe(5);
    expect(problems).toEqual([]);
  });

  it('a user spec: actions, back, the counterexample, a search, and the state without lanes', async () => {
    const { page, problems } = await open(join(dir, '2pc.html'));
    const initial = await actionLabels(page);
    expect(initial.length).toBeGreaterThan(1);
    await page.locator('button.action').first().click();
    await chartAt(page, 1);
    expect(await actionLabels(page)).not.toEqual(initial);
    await page.locator('#back').click();
    await chartAt(page, 0);
    expect(await actionLabels(page)).toEqual(initial);

    await page.locator('#load').click();
    await chartAt(page, 4);
    expect(await propertyLine(page, 'atomicity')).toBe('atomicity: violated at step 4');
    // The spec's view has no field keyed by lane: its state is shown whole.
    expect(JSON.parse((await page.locator('pre.state-json').textContent()) ?? '')).toMatchObject({ coordinator: 'committed' });
    expect(await page.locator('#chart svg').textContent()).toContain('atomicity violated');

    await page.locator('#restart').click();
    await chartAt(page, 0);
    // Two states are too few to reach the violation (4 steps away).
    await page.locator('#limit').fill('2');
    await page.locator('#find').click();
    await page.waitForSelector('#notice:has-text("None within")', { timeout: 60_000 });
    expect(await page.locator('#notice').textContent()).toBe('None within 2 states from step 0. Raise the limit to look further.');
    await page.locator('#limit').fill('1000');
    await page.locator('#find').click();
    await page.waitForSelector('#notice.found', { timeout: 60_000 });
    expect(await page.locator('#notice').textContent()).toMatch(/^Found: atomicity violated 4 steps after step 0/);
    expect(await propertyLine(page, 'atomicity')).toBe('atomicity: violated at step 4');
    expect(problems).toEqual([]);
  });

  it('liveness: the convergence counterexample ends where no action is enabled, with the replicas disagreeing', async () => {
    const { page, problems } = await open(join(dir, 'convergence.html'));
    // Initially every replica holds the same (nothing): convergence is true in this state.
    expect(await propertyLine(page, 'convergence')).toBe('convergence: true in this state');
    await page.locator('#load').click();
    await chartAt(page, 11);
    expect(await propertyLine(page, 'convergence')).toBe('convergence: violated: the run ends here (no action is enabled) with it false');
    expect(await page.locator('button.action').count()).toBe(0);
    expect(await page.locator('#chart svg').textContent()).toContain('convergence violated');
    expect(problems).toEqual([]);
  });
});
