// @ts-check
/**
 * Lint for `npm test`: ESLint's recommended rules and typescript-eslint's strict, type-checked
 * set, and the project's public surfaces:
 *
 * - a top-level folder imports another one only through its `index.ts` (never a module of it,
 *   never its `_internals`), so each folder's barrel is what the rest of the code, and through
 *   the package root the package's `exports`, can use;
 * - dependencies point one way: explorer imports none of spec, reports, cli; spec none of
 *   reports, cli; reports nothing of cli; no library folder imports bench, examples or test.
 *
 * Imports are relative paths, so the rule is written per folder and per depth: from a file
 * `d` folders below the root, `../` repeated `d` times reaches the root.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The library folders: each has an `index.ts`, its public surface. */
const LIBRARIES = ['spec', 'explorer', 'reports', 'cli'];

/** What each top-level folder must not import at all (dependencies point one way). */
const FORBIDDEN = {
  explorer: ['spec', 'reports', 'cli', 'bench', 'examples', 'test'],
  spec: ['reports', 'cli', 'bench', 'examples', 'test'],
  reports: ['cli', 'bench', 'examples', 'test'],
  cli: ['bench', 'examples', 'test'],
  bench: ['test'],
  examples: ['reports', 'cli', 'bench', 'test'],
  test: [],
};

/**
 * The folder a test folder tests from the inside: a unit test imports the modules of the folder
 * it mirrors (`test/explorer/_internals/` tests `explorer/_internals/`), and `test/e2e` is the
 * command's. Everything else it reaches through the barrels, as other code does.
 */
const MIRRORED = { spec: 'spec', explorer: 'explorer', reports: 'reports', cli: 'cli', e2e: 'cli', bench: 'bench', examples: 'examples' };

/** Files are at most this many folders below the root. */
const MAX_DEPTH = 8;

/**
 * The `no-restricted-imports` patterns of a file `depth` folders below the root in `folder`,
 * which may import the modules of `inside` directly.
 * @param {keyof typeof FORBIDDEN} folder
 * @param {number} depth
 * @param {string | undefined} inside
 */
function boundaryPatterns(folder, depth, inside) {
  const up = `^(\\.\\./){${depth}}`;
  const patterns = [];
  const forbidden = FORBIDDEN[folder];
  if (forbidden.length > 0) {
    patterns.push({
      regex: `${up}(${forbidden.join('|')})(/|$)`,
      message: `${folder}/ imports nothing from ${forbidden.join(', ')} (dependencies point one way: cli -> reports -> spec -> explorer).`,
    });
  }
  const throughBarrel = LIBRARIES.filter((library) => library !== folder && library !== inside && !forbidden.includes(library));
  if (throughBarrel.length > 0) {
    patterns.push({
      regex: `${up}(${throughBarrel.join('|')})/(?!index\\.ts$)`,
      message: 'Import another folder through its index.ts (its public surface), never one of its modules or its _internals.',
    });
  }
  patterns.push({ regex: `${up}index\\.(ts|js)$`, message: 'The package root re-exports the folders; a folder never imports it.' });
  if (LIBRARIES.includes(folder)) {
    patterns.push({ regex: '^quorumlab(/|$)', message: 'The library imports its own modules, not the package by name.' });
  }
  return patterns;
}

/** Files of `folder` (one or more path segments) exactly `depth` folders below the root (`spec/a/b.ts` is at depth 2). */
function filesAt(folder, depth) {
  return [`${folder}/${'*/'.repeat(depth - folder.split('/').length)}*.{ts,js}`];
}

/** One config block per folder and depth, with the patterns that apply there. */
function boundaries() {
  const blocks = [];
  for (const folder of /** @type {(keyof typeof FORBIDDEN)[]} */ (Object.keys(FORBIDDEN))) {
    if (folder === 'test') continue;
    for (let depth = 1; depth <= MAX_DEPTH; depth += 1) {
      blocks.push({ files: filesAt(folder, depth), rules: { 'no-restricted-imports': ['error', { patterns: boundaryPatterns(folder, depth, undefined) }] } });
    }
  }
  for (const [sub, inside] of Object.entries({ ...MIRRORED, trust: undefined })) {
    for (let depth = 2; depth <= MAX_DEPTH; depth += 1) {
      blocks.push({ files: filesAt(`test/${sub}`, depth), rules: { 'no-restricted-imports': ['error', { patterns: boundaryPatterns('test', depth, inside) }] } });
    }
  }
  // The explorer page runs in a browser: the bundler stubs the Node modules the library imports
  // for functions the page never calls, but the page's own code must not need one.
  blocks.push({
    files: ['cli/explore/page/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...boundaryPatterns('cli', 3, undefined),
            { regex: '^(node:|fs$|path$|os$|url$|worker_threads$|child_process$)', message: 'The explorer page runs in a browser: no Node modules.' },
          ],
        },
      ],
    },
  });
  // The package root: only the folders' barrels.
  blocks.push({
    files: ['index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: `^\\./(${LIBRARIES.join('|')})/(?!index\\.ts$)`, message: 'The package root re-exports the folders\' index.ts only.' }] }] },
  });
  return blocks;
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'quorumlab-out/'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      // Each file is typed by its nearest tsconfig.json: the browser page by its own (DOM library).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Numbers and booleans print as themselves in a message; null, undefined and objects do not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // A leading underscore names what is deliberately unused (a parameter a signature requires, a field left out of a copy).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Off: with noUncheckedIndexedAccess off (tsconfig.json) an indexed read is typed as present, so
      // its guard (`xs[i] ?? d`, `record[k] === undefined`) is a real check this rule calls needless;
      // so are guards on getters that calls change (`guard.stopped`) and on parsed JSON or a JS
      // caller's values, which need not keep what their static types promise.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Off: a Model is a plain object whose method-style members never use `this` (STYLE 1); binding
      // them, or declaring them as function-valued properties (whose parameters are checked
      // contravariantly), would reject specs that type-check today.
      '@typescript-eslint/unbound-method': 'off',
      // Off: the command strips control characters from what reaches a terminal, by matching them.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Off in tests: a test reads what it has just built, and a missing value fails it on that line as an assertion would.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The three JavaScript entry points only load the TypeScript sources.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  ...boundaries(),
);
