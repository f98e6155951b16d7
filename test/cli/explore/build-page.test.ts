import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundlePage, CONTENT_SECURITY_POLICY, pageHtml, type PageModel } from '../../../cli/explore/build-page.ts';
import { ok, type Result } from '../../../cli/errors.ts';
import type { PageData } from '../../../cli/explore/page/page-data.ts';
import { findScenario } from '../../../spec/index.ts';
import type { JsonValue } from '../../../explorer/index.ts';
import { root } from '../../e2e/run-cli.ts';

const QUORUM_MODULE = fileURLToPath(new URL('../../../spec/protocols/quorum-model.ts', import.meta.url));

function data(overrides: Partial<PageData> = {}): PageData {
  return {
    source: 'sloppy-ghost',
    modelName: 'quorum',
    configLine: 'N=3 W=2 R=2',
    command: 'quorumlab explore sloppy-ghost -o x.html',
    model: { export: 'quorumModel', argument: JSON.parse(JSON.stringify(findScenario('sloppy-ghost')!.config)) as JsonValue },
    properties: ['stale-read'],
    findLimit: 1000,
    check: { verdicts: { 'stale-read': 'violated' }, states: 1, exhaustive: true },
    counterexample: null,
    ...overrides,
  };
}

async function buildExplorerPage(input: PageModel & { readonly data: PageData }): Promise<Result<string>> {
  const script = await bundlePage(input);
  return script.ok ? ok(await pageHtml(script.value, input.data)) : script;
}

describe('the explorer page file', () => {
  it('is one HTML document under 2 MB with a policy that allows no network, the same bytes each time, and no path of this machine', async () => {
    const first = await buildExplorerPage({ modelModule: QUORUM_MODULE, data: data() });
    const second = await buildExplorerPage({ modelModule: QUORUM_MODULE, data: data() });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    const html = first.value;
    expect(html).toBe(second.value);
    expect(Buffer.byteLength(html)).toBeLessThan(2_000_000);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`);
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
    // Nothing is loaded from anywhere: outside the two inline scripts, no src or href attribute.
    const markup = html.replace(/(<script[^>]*>)[\s\S]*?<\/script>/gi, '$1</script>');
    expect(markup.length).toBeLessThan(10_000);
    expect(/\s(src|href)=/i.test(markup)).toBe(false);
    expect(html.includes(root)).toBe(false);
    // Exactly two scripts, each closed once: the data and the bundle.
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html.match(/<\/script>/gi)).toHaveLength(2);
  });

  it('keeps the data intact even when it holds text that would end a script', async () => {
    const page = await buildExplorerPage({ modelModule: QUORUM_MODULE, data: data({ configLine: '</script><script>alert(1)</script>' }) });
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    expect(page.value.match(/<\/script>/gi)).toHaveLength(2);
    const json = /<script type="application\/json" id="quorumlab-data">(.*?)<\/script>/s.exec(page.value)![1];
    expect((JSON.parse(json) as PageData).configLine).toBe('</script><script>alert(1)</script>');
  });

  it('refuses a user spec that imports a Node module, naming the import', async () => {
    const spec = fileURLToPath(new URL('./fixtures/node-spec.ts', import.meta.url));
    const page = await buildExplorerPage({ modelModule: spec, userFile: 'node-spec.ts', data: data({ model: { export: 'model' } }) });
    expect(page.ok).toBe(false);
    if (page.ok) return;
    expect(page.error.code).toBe('QL122');
    expect(page.error.message).toMatch(/^spec module 'node-spec.ts' cannot be bundled into the explorer page: it imports 'node:fs', which a browser page cannot run \(.*node-spec.ts:4\)$/);
  });
});
