/**
 * The explorer page as one HTML file: the model's module, the page's code, the reports' chart
 * drawing and Graphviz (WebAssembly) bundled by esbuild into one inline script, the data as
 * inline JSON, the style inline, and a content security policy that allows no network access
 * at all. The file opens from disk.
 */
import { build, type Message, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, ok, type Result } from '../errors.ts';
import { BUNDLE_ID, DATA_ID, LOADING_ID } from './page/ids.ts';
import type { PageData } from './page/page-data.ts';

/** The module a page bundles its model from. */
export interface PageModel {
  /** The absolute path of the module that gives the model (the page's data says which export). */
  readonly modelModule: string;
  /** How to name that module in an error: the spec file as the user gave it, or undefined for the quorum model. */
  readonly userFile?: string;
}

/** The page's script: the model's module and the page's code, bundled and minified. */
export interface PageScript {
  readonly code: string;
}

const PAGE_ENTRY = fileURLToPath(new URL('./page/main.ts', import.meta.url));
const PAGE_STYLE = fileURLToPath(new URL('./page/page.css', import.meta.url));
/** The package's root: its own library code may import Node-only modules the page never calls. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LIBRARY_FOLDERS = ['reports', 'explorer'].map((folder) => `${PACKAGE_ROOT}${folder}${sep}`);

/**
 * No network: scripts only inline (and the worker from the page's own script as a blob),
 * WebAssembly compiled from the inline bytes, styles inline, images only as data URLs.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval' blob:; worker-src blob:; style-src 'unsafe-inline'; img-src data:";

/**
 * Modules the library imports for its Node-only functions (writing files, PNG rendering,
 * loading modules in worker threads), which the page never calls. The bundle gets an empty
 * module in their place; a user's module importing one of them is refused instead.
 */
const NODE_ONLY = /^(node:.*|@resvg\/resvg-js|tsx(\/.*)?|worker_threads|fs|path|url|os)$/;

function isLibraryFile(path: string): boolean {
  return LIBRARY_FOLDERS.some((folder) => path.startsWith(folder));
}

function nodeOnlyModules(): Plugin {
  return {
    name: 'quorumlab-node-only',
    setup(bundle) {
      bundle.onResolve({ filter: NODE_ONLY }, (args) => {
        if (!isLibraryFile(args.importer)) {
          return { errors: [{ text: `it imports '${args.path}', which a browser page cannot run` }] };
        }
        return { path: args.path, namespace: 'node-only', sideEffects: false };
      });
      bundle.onLoad({ filter: /.*/, namespace: 'node-only' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    },
  };
}

/**
 * Bundles the page's script for `input`'s model, or fails (QL122) when a user's spec module
 * cannot run in a browser. Done before the search, so such a spec is refused at once.
 */
export async function bundlePage(input: PageModel): Promise<Result<PageScript>> {
  const entry = [`import * as model from ${JSON.stringify(input.modelModule)};`, `import { start } from ${JSON.stringify(PAGE_ENTRY)};`, 'start(model);'].join('\n');
  try {
    const result = await build({
      stdin: { contents: entry, resolveDir: PACKAGE_ROOT, sourcefile: 'explorer-page-entry.js', loader: 'js' },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      charset: 'utf8',
      legalComments: 'eof',
      logLevel: 'silent',
      plugins: [nodeOnlyModules()],
    });
    return ok({ code: inlineScript(result.outputFiles[0].text) });
  } catch (error) {
    const first = (error as { errors?: readonly Message[] }).errors?.[0];
    if (first === undefined) throw error;
    const where = first.location !== null ? ` (${first.location.file}:${first.location.line})` : '';
    if (input.userFile === undefined) throw new Error(`the explorer page does not bundle: ${first.text}${where}`, { cause: error });
    return fail('QL122', `spec module '${input.userFile}' cannot be bundled into the explorer page: ${first.text}${where}`);
  }
}

/**
 * Text that would end an inline script early. (`<!--` alone is harmless: only a `<script`
 * after it would make the parser skip the next `</script>`; Graphviz's strings hold `<!--`.)
 */
const SCRIPT_BREAKERS = /<\/script|<script/i;

/** Makes `code` safe inside an inline `<script>`: the only way it can contain `</script` is in a string or a regular expression, where `<\/` means the same. */
function inlineScript(code: string): string {
  const escaped = code.replace(/<\/(script)/gi, '<\\/$1');
  if (SCRIPT_BREAKERS.test(escaped)) throw new Error('the explorer page bundle contains text an inline script cannot hold');
  return escaped;
}

/** JSON inside an inline script: `<` escaped so no `</script>` or comment can appear. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The whole page: `script` with `data`. The same input gives the same bytes. */
export async function pageHtml(script: PageScript, data: PageData): Promise<string> {
  const style = await readFile(PAGE_STYLE, 'utf8');
  const title = `quorumlab explore: ${data.source}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${style}</style>`,
    '</head>',
    '<body>',
    `<noscript>This page runs the model in the browser: it needs JavaScript.</noscript>`,
    `<p id="${LOADING_ID}">Loading ${escapeHtml(data.modelName)}\u2026</p>`,
    `<script type="application/json" id="${DATA_ID}">${inlineJson(data)}</script>`,
    `<script id="${BUNDLE_ID}">${script.code}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

