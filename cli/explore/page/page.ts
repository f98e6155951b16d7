/**
 * The explorer page: builds its layout, keeps an `ExplorerSession`, and redraws the actions,
 * the path, the properties, the chart and the state tables after every step. The search for a
 * violation runs in a web worker started from the page's own script, so the page stays
 * responsive and the search can be stopped.
 */
import type { Model, LaneFinals } from '../../../explorer/index.ts';
import { renderSvg } from '../../../reports/index.ts';
import { pathChart } from './chart.ts';
import { byId, el, replaceChildren } from './dom.ts';
import type { FindOutcome } from './find-violation.ts';
import { parseHash, formatHash } from './hash.ts';
import { BUNDLE_ID, LOADING_ID } from './ids.ts';
import type { PageData } from './page-data.ts';
import { ExplorerSession, type PropertyStatus } from './session.ts';
import type { FindMessage, FromWorker } from './worker-protocol.ts';


type Notice = { readonly text: string; readonly tone: 'info' | 'found' | 'error' };

/** The smallest a fitted chart is drawn, as a share of its own size. */
const MIN_FIT_SCALE = 0.5;

const KEYS_HELP = 'Keys: \u2190 back, \u2192 forward, Home and End for the start and end of the path, 1\u20139 take the numbered action.';

/** `n` states, in words: `1 state`, `12,189 states`. */
function states(n: number): string {
  return `${n.toLocaleString('en-US')} state${n === 1 ? '' : 's'}`;
}

/** The page's controller. */
export class ExplorerPage {
  private readonly data: PageData;
  private readonly model: Model<unknown, unknown>;
  private readonly session: ExplorerSession<unknown, unknown>;
  private notice: Notice;
  private worker: Worker | null = null;
  private searching = false;
  private chartRequest = 0;
  /** Where the last found path starts (steps after it are the search's), or null. */
  private foundFrom: { readonly step: number; readonly length: number } | null = null;

  constructor(data: PageData, model: Model<unknown, unknown>) {
    this.data = data;
    this.model = model;
    this.session = new ExplorerSession(model, data.properties);
    this.notice = { text: this.startNotice(), tone: 'info' };
  }

  /** Lays the page out, restores a path from the address (`#path=...`) and draws it. */
  start(): void {
    // The page's scripts stay in the body: the search worker is started from the bundle's text.
    document.getElementById(LOADING_ID)?.remove();
    document.body.prepend(this.layout());
    this.restoreFromHash();
    document.addEventListener('keydown', (event) => { this.onKey(event); });
    window.addEventListener('hashchange', () => {
      this.restoreFromHash();
      this.render();
    });
    this.render();
  }

  private startNotice(): string {
    const counterexample = this.data.counterexample;
    const load =
      counterexample === null
        ? ''
        : ` or press Load counterexample to see the ${counterexample.actionIndices.length}-step path where ${counterexample.property} breaks`;
    return `This is the initial state. Take one of the enabled actions${load}.`;
  }

  private layout(): HTMLElement {
    const data = this.data;
    const counterexample = data.counterexample;
    const loadTitle =
      counterexample === null
        ? `The command's check found no counterexample (${this.verdictWords()}).`
        : `The shortest counterexample the command's check found: ${counterexample.property} violated in ${counterexample.actionIndices.length} steps.`;
    return el(
      'div',
      { class: 'page' },
      el(
        'header',
        { class: 'top' },
        el('h1', {}, 'quorumlab explore ', el('span', { class: 'source' }, data.source)),
        el('p', { class: 'config' }, data.configLine),
        el('p', { class: 'help' }, 'Click an enabled action to take it; the chart grows by one step. ', KEYS_HELP, ' Made with ', el('code', {}, data.command), '.'),
      ),
      el('div', { id: 'error', class: 'error', role: 'alert', hidden: true }),
      el(
        'div',
        { class: 'columns' },
        el(
          'aside',
          { class: 'side' },
          el(
            'div',
            { class: 'toolbar' },
            el('button', { id: 'back', title: 'One step back (\u2190)', onclick: () => { this.act(() => this.session.back()); } }, '\u2190 Back'),
            el('button', { id: 'forward', title: 'One step forward along the path (\u2192)', onclick: () => { this.act(() => this.session.forward()); } }, 'Forward \u2192'),
            el('button', { id: 'restart', title: 'Back to the initial state with an empty path', onclick: () => { this.restart(); } }, 'Restart'),
          ),
          el(
            'div',
            { class: 'toolbar' },
            el(
              'button',
              { id: 'load', title: loadTitle, disabled: counterexample === null, onclick: () => { this.loadCounterexample(); } },
              counterexample === null ? 'No counterexample to load' : `Load counterexample (${counterexample.actionIndices.length} steps)`,
            ),
          ),
          el(
            'div',
            { class: 'toolbar' },
            el('button', { id: 'find', title: 'Search breadth-first from the current state for the shortest path to a violation', onclick: () => { this.toggleFind(); } }, 'Find a violation from here'),
            el(
              'label',
              { class: 'limit' },
              'within ',
              el('input', { id: 'limit', type: 'number', min: 1, step: 1000, value: data.findLimit, 'aria-label': 'states to search at most' }),
              ' states',
            ),
          ),
          el('p', { id: 'notice', class: 'notice', role: 'status' }),
          el('section', {}, el('h2', {}, 'Properties on this path'), el('ul', { id: 'properties', class: 'properties' })),
          el('section', {}, el('h2', { id: 'actions-title' }, 'Enabled actions'), el('div', { id: 'actions', class: 'actions' })),
          el('section', {}, el('h2', {}, 'Path'), el('ol', { id: 'path', class: 'path', start: 0 })),
        ),
        el(
          'main',
          { class: 'stage' },
          el(
            'div',
            { class: 'stage-head' },
            el('p', { id: 'narration', class: 'narration' }),
            el('button', { id: 'zoom', title: 'Show the chart at its own size, or fitted to the page\'s width', onclick: () => { this.toggleZoom(); } }, 'Actual size'),
          ),
          el('div', { id: 'chart', class: 'chart fit', 'aria-label': 'sequence chart of the path so far' }),
          el('section', {}, el('h2', { id: 'tables-title' }, 'Each lane now'), el('div', { id: 'tables', class: 'tables' })),
        ),
      ),
    );
  }

  private verdictWords(): string {
    return this.data.properties.map((name) => `${name} ${this.data.check.verdicts[name] ?? 'not checked'}`).join(', ');
  }

  /** Runs a change to the path, then redraws; a step that throws (a model's bug) is shown, not lost. */
  private act(change: () => unknown): void {
    byId('error').hidden = true;
    try {
      this.stopSearch();
      change();
      this.foundFrom = this.foundFrom !== null && this.session.length >= this.foundFrom.step + this.foundFrom.length ? this.foundFrom : null;
      this.notice = this.stepNotice();
    } catch (error) {
      this.showError(error);
    }
    this.render();
  }

  private stepNotice(): Notice {
    const position = this.session.position;
    if (position === 0) return { text: this.startNotice(), tone: 'info' };
    const ahead = this.session.length - position;
    return { text: ahead > 0 ? `Step ${position} of ${this.session.length}: Forward (\u2192) retakes the next step of the path; another action starts a new branch here.` : '', tone: 'info' };
  }

  private restart(): void {
    this.act(() => { this.session.restart(); });
  }

  private loadCounterexample(): void {
    const counterexample = this.data.counterexample;
    if (counterexample === null) return;
    this.stopSearch();
    const problem =
      counterexample.loopStart !== undefined
        ? this.session.loadLasso({ initIndex: counterexample.initIndex, actionIndices: counterexample.actionIndices, loopStart: counterexample.loopStart, property: counterexample.property })
        : this.session.load(counterexample.initIndex, counterexample.actionIndices);
    if (problem !== null) {
      this.showError(new Error(`the embedded counterexample does not replay through the bundled model: ${problem.message}`));
      this.render();
      return;
    }
    // Every step must be the one the command printed: the page and the command run the same model.
    for (let step = 1; step <= this.session.length; step++) {
      const label = this.session.labelOf(step);
      if (label !== counterexample.labels[step - 1]) {
        this.showError(new Error(`the embedded counterexample replays differently at step ${step}: the command printed '${counterexample.labels[step - 1]}', the page took '${label}'`));
        break;
      }
    }
    this.foundFrom = null;
    const status = this.session.statuses().find((s) => s.name === counterexample.property);
    this.notice = {
      text: `Loaded the counterexample: ${counterexample.property} ${status?.text ?? ''}. Step back with \u2190, or click a step of the path, and try another action there.`,
      tone: 'found',
    };
    this.render();
  }

  private toggleFind(): void {
    if (this.searching) {
      this.stopSearch();
      this.notice = { text: 'Search stopped.', tone: 'info' };
      this.render();
    } else {
      this.find();
    }
  }

  /** The properties a search from here may still find violated: those the path has not broken yet. */
  private openProperties(): string[] {
    return this.session
      .statuses()
      .filter((s) => (s.kind === 'always' && s.state === 'holds') || ((s.kind === 'eventually' || s.kind === 'always-eventually') && s.state !== 'reached' && s.state !== 'violated'))
      .map((s) => s.name);
  }

  private find(): void {
    const properties = this.openProperties();
    if (properties.length === 0) {
      this.notice = { text: 'Every property this page reports is already violated (or settled) on this path: step back before the violation to search from there.', tone: 'info' };
      this.render();
      return;
    }
    const limitInput = byId('limit', HTMLInputElement);
    const limit = Math.floor(Number(limitInput.value));
    if (!Number.isFinite(limit) || limit < 1) {
      this.notice = { text: `The state limit must be a whole number of at least 1 (got '${limitInput.value}').`, tone: 'error' };
      this.render();
      return;
    }
    const worker = this.startWorker();
    if (worker === null) return;
    const from = this.session.position;
    const request: FindMessage = {
      kind: 'find',
      model: this.data.model,
      request: {
        initIndex: this.session.initIndex,
        actionIndices: this.session.actionIndices.slice(0, from),
        properties,
        maxStates: limit,
        ...(this.data.symmetry !== undefined ? { symmetry: this.data.symmetry } : {}),
      },
    };
    const prefix = request.request.actionIndices;
    this.searching = true;
    this.notice = { text: `Searching from step ${from} for a violation of ${properties.join(', ')}\u2026`, tone: 'info' };
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.kind === 'progress') {
        this.notice = { text: `Searching from step ${from}\u2026 ${states(message.states)}, depth ${message.depth}.`, tone: 'info' };
        this.renderNotice();
        return;
      }
      this.searching = false;
      if (message.kind === 'error') {
        this.showError(new Error(`the search failed: ${message.message}`));
      } else {
        this.showFound(message.outcome, prefix, limit);
      }
      this.render();
    };
    worker.postMessage(request);
    this.render();
  }

  private showFound(outcome: FindOutcome, prefix: readonly number[], limit: number): void {
    const from = prefix.length;
    if (outcome.kind === 'none') {
      this.notice = outcome.exhaustive
        ? { text: `No violation is reachable from step ${from}: every state reachable from here was searched (${states(outcome.states)}).`, tone: 'info' }
        : { text: `None within ${states(limit)} from step ${from}. Raise the limit to look further.`, tone: 'info' };
      return;
    }
    const path = [...prefix, ...outcome.actionIndices];
    const problem =
      outcome.loopStart !== undefined
        ? this.session.loadLasso({ initIndex: this.session.initIndex, actionIndices: path, loopStart: outcome.loopStart, property: outcome.property })
        : this.session.load(this.session.initIndex, path);
    if (problem !== null) {
      this.showError(new Error(`the path the search found does not replay: ${problem.message}`));
      return;
    }
    this.foundFrom = { step: from, length: outcome.actionIndices.length };
    const steps = outcome.actionIndices.length;
    this.notice = {
      text: `Found: ${outcome.property} violated ${steps} step${steps === 1 ? '' : 's'} after step ${from} (searched ${states(outcome.states)}). The new steps are marked in the path.`,
      tone: 'found',
    };
  }

  /** A worker running this page's own bundle, or null (with the reason shown) when the browser refuses one. */
  private startWorker(): Worker | null {
    if (this.worker !== null) return this.worker;
    try {
      const source = byId(BUNDLE_ID, HTMLScriptElement).textContent ?? '';
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      const worker = new Worker(url);
      worker.onerror = (event) => {
        this.searching = false;
        this.worker = null;
        this.showError(new Error(`the search worker failed: ${event.message}`));
        this.render();
      };
      this.worker = worker;
      return worker;
    } catch (error) {
      this.showError(new Error(`this browser refused to start a search worker: ${error instanceof Error ? error.message : String(error)}`));
      this.render();
      return null;
    }
  }

  private stopSearch(): void {
    if (!this.searching) return;
    this.searching = false;
    this.worker?.terminate();
    this.worker = null;
  }

  private onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement | null;
    if (target !== null && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
    const session = this.session;
    if (event.key === 'ArrowLeft') this.act(() => session.back());
    else if (event.key === 'ArrowRight') this.act(() => session.forward());
    else if (event.key === 'Home') this.act(() => { session.goTo(0); });
    else if (event.key === 'End') this.act(() => { session.goTo(session.length); });
    else if (/^[1-9]$/.test(event.key)) {
      const action = session.enabled()[Number(event.key) - 1];
      if (action === undefined) return;
      this.act(() => { session.take(action.index); });
    } else return;
    event.preventDefault();
  }

  private restoreFromHash(): void {
    const parsed = parseHash(location.hash);
    if (parsed === null) return;
    const problem = this.session.load(parsed.initIndex, parsed.actionIndices, parsed.position);
    this.notice = problem === null ? this.stepNotice() : { text: `The address names a path this model does not have (${problem.message}); starting from the initial state.`, tone: 'error' };
  }

  private showError(error: unknown): void {
    const box = byId('error');
    box.hidden = false;
    box.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`;
  }

  private renderNotice(): void {
    const notice = byId('notice');
    notice.className = `notice ${this.notice.tone}`;
    notice.textContent = this.notice.text;
    notice.hidden = this.notice.text === '';
  }

  /** Redraws everything from the session. */
  render(): void {
    try {
      this.renderControls();
      this.renderNotice();
      const statuses = this.session.statuses();
      this.renderProperties(statuses);
      this.renderActions();
      this.renderPath(statuses);
      this.renderStage(statuses);
      history.replaceState(null, '', formatHash(this.session.initIndex, this.session.actionIndices, this.session.position));
    } catch (error) {
      this.showError(error);
    }
  }

  private renderControls(): void {
    byId('back', HTMLButtonElement).disabled = this.session.position === 0;
    byId('forward', HTMLButtonElement).disabled = this.session.position >= this.session.length;
    const find = byId('find', HTMLButtonElement);
    find.textContent = this.searching ? 'Stop the search' : 'Find a violation from here';
    find.classList.toggle('busy', this.searching);
  }

  private renderProperties(statuses: readonly PropertyStatus[]): void {
    const items = statuses.map((status) => {
      const verdict = this.data.check.verdicts[status.name];
      // What the exhaustive check said, so that "holds so far" on this path is not read as a verdict.
      const checkWords = verdict === undefined ? '' : `over every path (quorumlab check): ${verdict}`;
      return el(
        'li',
        { class: `property ${status.state}`, 'data-property': status.name, title: status.description ?? '' },
        el('span', { class: 'name' }, status.name),
        ': ',
        el('span', { class: 'status' }, status.text),
        checkWords === '' ? null : el('span', { class: 'check' }, checkWords),
      );
    });
    replaceChildren(byId('properties'), ...items);
  }

  private renderActions(): void {
    const session = this.session;
    const enabled = session.enabled();
    const position = session.position;
    const next = position < session.length ? session.actionIndices[position] : -1;
    byId('actions-title').textContent = enabled.length === 0 ? 'Enabled actions: none (the path ends here)' : `Enabled actions (${enabled.length}) at step ${position}`;
    const hadFocus = document.activeElement?.classList.contains('action') === true;
    const buttons = enabled.map((action, i) => {
      const narration = this.narrationOf(action.action);
      return el(
        'button',
        {
          class: action.index === next ? 'action next' : 'action',
          'data-index': action.index,
          title: narration ?? action.label,
          onclick: () => { this.act(() => { session.take(action.index); }); },
        },
        el('kbd', {}, i < 9 ? String(i + 1) : ''),
        el(
          'span',
          { class: 'words' },
          el('span', {}, el('span', { class: 'label' }, action.label), action.index === next ? el('span', { class: 'tag' }, ' \u2190 next on the path') : null),
          narration !== undefined ? el('span', { class: 'what' }, narration) : null,
        ),
      );
    });
    replaceChildren(byId('actions'), ...buttons);
    if (hadFocus) buttons[0]?.focus();
  }

  /** What taking `action` now would do, in the model's words (for a button's tooltip). */
  private narrationOf(action: unknown): string | undefined {
    const step = this.model.describe?.step;
    if (step === undefined) return undefined;
    const before = this.session.current();
    const narration = step(before, action, this.model.next(before, action)).narration;
    return narration.length > 0 ? narration : undefined;
  }

  private renderPath(statuses: readonly PropertyStatus[]): void {
    const session = this.session;
    const broken = new Map<number, string[]>();
    for (const status of statuses) {
      if (status.state === 'violated' && status.step !== null) broken.set(status.step, [...(broken.get(status.step) ?? []), status.name]);
    }
    const found = this.foundFrom;
    const items = [];
    for (let step = 0; step <= session.length; step++) {
      const classes = ['step'];
      if (step === session.position) classes.push('current');
      if (step > session.position) classes.push('ahead');
      if (found !== null && step > found.step && step <= found.step + found.length) classes.push('found');
      const label = step === 0 ? (session.initialStates > 1 ? `initial state ${session.initIndex + 1} of ${session.initialStates}` : 'initial state') : session.labelOf(step);
      const marks = step <= session.position ? broken.get(step) : undefined;
      items.push(
        el(
          'li',
          { class: classes.join(' ') },
          el(
            'button',
            { class: 'goto', 'data-step': step, title: step === session.position ? 'the current state' : `go to step ${step}`, onclick: () => { this.act(() => { session.goTo(step); }); } },
            el('span', { class: 'number' }, `${step}.`),
            ' ',
            label,
          ),
          marks === undefined ? null : el('span', { class: 'broken' }, ` ${marks.join(', ')} violated`),
        ),
      );
    }
    replaceChildren(byId('path'), ...items);
    byId('path').querySelector('.current')?.scrollIntoView({ block: 'nearest' });
  }

  private renderStage(statuses: readonly PropertyStatus[]): void {
    const session = this.session;
    const position = session.position;
    const trace = session.trace();
    // An invariant's first violation; else a liveness property the path's end violates (a dead end, or a loaded lasso).
    const broken = statuses.filter((s) => s.state === 'violated' && s.step !== null);
    const violation = broken.filter((s) => s.kind === 'always').sort((a, b) => (a.step ?? 0) - (b.step ?? 0))[0] ?? broken[0];
    const lasso = session.activeLasso();
    const what = position === 0 ? 'the initial state' : `path of ${position} step${position === 1 ? '' : 's'}`;
    const title = `${this.data.source}: ${what}${violation !== undefined ? `; ${violation.name} violated at step ${violation.step}` : ''}`;
    const chart = pathChart(this.model, trace, {
      title,
      ...(violation !== undefined && violation.step !== null ? { violation: { property: violation.name, step: violation.step } } : {}),
      ...(lasso !== null ? { loopStart: lasso.loopStart } : {}),
    });
    byId('narration').textContent = position === 0 ? 'The initial state: nothing has happened yet.' : `Step ${position}: ${chart.described.narrations[position - 1]}`;
    byId('tables-title').textContent = position === 0 ? 'Each lane in the initial state' : `Each lane after step ${position}`;
    this.renderTables(chart.described.finals, chart.described.views[chart.described.views.length - 1]);
    this.renderChart(chart.dot);
  }

  private renderTables(finals: LaneFinals, view: unknown): void {
    const lanes = Object.entries(finals.lanes);
    const container = byId('tables');
    if (lanes.length === 0) {
      // A model without lanes: its state view, as JSON.
      replaceChildren(container, el('pre', { class: 'state-json' }, JSON.stringify(view, null, 2)));
      return;
    }
    const laneNames = new Map(this.model.describe?.lanes?.().map((lane) => [lane.id, lane]) ?? []);
    const tables = lanes.map(([id, rows]) => {
      const lane = laneNames.get(id);
      return el(
        'table',
        { class: `lane ${lane?.role ?? 'process'}`, 'data-lane': id },
        el('caption', {}, lane?.label ?? id),
        el(
          'tbody',
          {},
          ...rows.map((row) => el('tr', { class: row.highlight === true ? 'highlight' : undefined }, el('th', {}, row.key), el('td', {}, row.value))),
        ),
      );
    });
    replaceChildren(container, ...tables, finals.legend !== undefined ? el('p', { class: 'legend' }, el('span', { class: 'swatch' }), finals.legend) : null);
  }

  private toggleZoom(): void {
    const chart = byId('chart');
    const fit = chart.classList.toggle('fit');
    byId('zoom').textContent = fit ? 'Actual size' : 'Fit to width';
    this.fitChart(chart);
    this.scrollToRow(chart, this.session.position);
  }

  /**
   * In fit mode, shrinks a chart wider than the panel to the panel's width, but not below
   * {@link MIN_FIT_SCALE} of its size (smaller text is not worth reading); else its own size.
   */
  private fitChart(chart: HTMLElement): void {
    const svg = chart.querySelector('svg');
    if (svg === null) return;
    const width = svg.width.baseVal.value;
    const height = svg.height.baseVal.value;
    const scale = chart.classList.contains('fit') ? Math.min(1, Math.max(MIN_FIT_SCALE, (chart.clientWidth - 2) / width)) : 1;
    svg.style.width = `${width * scale}px`;
    svg.style.height = `${height * scale}px`;
  }

  /**
   * Scrolls the chart (and nothing around it) so that the row of `step` is in view: the step
   * column's node is titled `T<step>`.
   */
  private scrollToRow(chart: HTMLElement, step: number): void {
    const row = [...chart.querySelectorAll('g.node')].find((node) => node.querySelector('title')?.textContent === `T${step}`);
    if (row === undefined) return;
    const box = row.getBoundingClientRect();
    const frame = chart.getBoundingClientRect();
    if (box.top >= frame.top && box.bottom <= frame.bottom) return;
    chart.scrollTop += box.top - frame.top - chart.clientHeight / 2;
  }

  private renderChart(dot: string): void {
    const request = ++this.chartRequest;
    const chart = byId('chart');
    chart.classList.add('drawing');
    renderSvg(dot)
      .then((svg) => {
        if (request !== this.chartRequest) return;
        // The SVG's own prologue (XML declaration, doctype) has no place inside HTML.
        chart.innerHTML = svg.slice(svg.indexOf('<svg'));
        this.fitChart(chart);
        chart.classList.remove('drawing');
        chart.dataset.steps = String(this.session.position);
        this.scrollToRow(chart, this.session.position);
      })
      .catch((error: unknown) => {
        if (request === this.chartRequest) this.showError(error);
      });
  }
}
