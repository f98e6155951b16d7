/**
 * A small parser for the DOT the reports emit: node statements, edge statements, attribute
 * defaults and graph attributes, one graph, no subgraphs. Enough to check a diagram's structure
 * without depending on its bytes.
 */

/** A parsed graph. */
export interface ParsedDot {
  readonly graph: Record<string, string>;
  /** Node attributes, merged with the `node [...]` defaults in force where the node was declared. */
  readonly nodes: Map<string, Record<string, string>>;
  readonly edges: { from: string; to: string; attrs: Record<string, string> }[];
}

type Token = { kind: 'id' | 'string' | 'html'; value: string } | { kind: 'punct'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (text.startsWith('->', i)) {
      tokens.push({ kind: 'punct', value: '->' });
      i += 2;
    } else if ('[]{}=,;'.includes(ch)) {
      tokens.push({ kind: 'punct', value: ch });
      i++;
    } else if (ch === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && text[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (text[i] === '\\' && text[i + 1] === '\\') {
          value += '\\\\';
          i += 2;
        } else {
          value += text[i++];
        }
      }
      if (i >= text.length) throw new Error('unterminated string');
      i++;
      tokens.push({ kind: 'string', value });
    } else if (ch === '<') {
      let depth = 0;
      const start = i;
      do {
        if (text[i] === '<') depth++;
        else if (text[i] === '>') depth--;
        i++;
      } while (depth > 0 && i < text.length);
      if (depth !== 0) throw new Error('unterminated HTML string');
      tokens.push({ kind: 'html', value: text.slice(start + 1, i - 1) });
    } else {
      const m = /^[A-Za-z0-9_.-]+/.exec(text.slice(i));
      if (m === null) throw new Error(`unexpected character ${JSON.stringify(ch)} at ${i}`);
      tokens.push({ kind: 'id', value: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

/** Parse `text`; throws on anything outside the subset. */
export function parseDot(text: string): ParsedDot {
  const tokens = tokenize(text);
  let p = 0;
  const expect = (value: string): void => {
    const t = tokens[p++];
    if (t === undefined || t.value !== value) throw new Error(`expected ${value}, got ${t?.value}`);
  };
  const value = (): string => {
    const t = tokens[p++];
    if (t === undefined || t.kind === 'punct') throw new Error(`expected a value, got ${t?.value}`);
    return t.value;
  };
  const attrList = (): Record<string, string> => {
    const attrs: Record<string, string> = {};
    while (tokens[p]?.value === '[') {
      p++;
      while (tokens[p]?.value !== ']') {
        const key = value();
        expect('=');
        attrs[key] = value();
        if (tokens[p]?.value === ',' || tokens[p]?.value === ';') p++;
      }
      p++;
    }
    return attrs;
  };
  const t0 = value();
  if (t0 !== 'digraph' && t0 !== 'graph') throw new Error('not a graph');
  if (tokens[p]?.value !== '{') value();
  expect('{');
  const graph: Record<string, string> = {};
  const nodes = new Map<string, Record<string, string>>();
  const edges: ParsedDot['edges'] = [];
  let nodeDefaults: Record<string, string> = {};
  while (tokens[p]?.value !== '}') {
    if (tokens[p] === undefined) throw new Error('unterminated graph');
    if (tokens[p].value === ';') {
      p++;
      continue;
    }
    const first = value();
    if (tokens[p]?.value === '=') {
      p++;
      graph[first] = value();
    } else if (first === 'node') {
      nodeDefaults = { ...nodeDefaults, ...attrList() };
    } else if (first === 'edge' || first === 'graph') {
      attrList();
    } else if (tokens[p]?.value === '->') {
      p++;
      const to = value();
      edges.push({ from: first, to, attrs: attrList() });
    } else {
      if (nodes.has(first)) throw new Error(`node ${first} declared twice`);
      nodes.set(first, { ...nodeDefaults, ...attrList() });
    }
  }
  return { graph, nodes, edges };
}

/** The `pos="x,y!"` of a node. */
export function posOf(attrs: Record<string, string> | undefined): { x: number; y: number } {
  const m = /^(-?[0-9.]+),(-?[0-9.]+)!$/.exec(attrs?.pos ?? '');
  if (m === null) throw new Error(`no pinned pos in ${JSON.stringify(attrs)}`);
  return { x: Number(m[1]), y: Number(m[2]) };
}

/** One message as drawn: the chain of edges classed `message mN`, from its first tail to its last head. */
export interface DrawnMessage {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** The waypoint nodes it turns at, in order. */
  readonly waypoints: readonly string[];
  /** The attributes of its last piece (the one with the arrowhead). */
  readonly attrs: Record<string, string>;
}

/** The messages of a sequence chart, in the order their first pieces appear. */
export function drawnMessages(dot: ParsedDot): DrawnMessage[] {
  const byId = new Map<string, ParsedDot['edges']>();
  for (const edge of dot.edges) {
    const [role, id] = (edge.attrs.class ?? '').split(' ');
    if (role !== 'message' || id === undefined) continue;
    const list = byId.get(id) ?? [];
    list.push(edge);
    byId.set(id, list);
  }
  return [...byId.entries()].map(([id, pieces]) => ({
    id,
    from: pieces[0].from,
    to: pieces[pieces.length - 1].to,
    waypoints: pieces.slice(1).map((piece) => piece.from),
    attrs: pieces[pieces.length - 1].attrs,
  }));
}
