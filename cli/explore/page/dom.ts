/**
 * A small element builder for the page: `el('button', { class: 'action', onclick }, 'text')`.
 */

/** Attributes and event handlers of a new element; `undefined` and `false` leave one out. */
export type Attributes = Readonly<Record<string, string | number | boolean | undefined | ((event: Event) => void)>>;

/** A child: an element, text, or nothing. */
export type Child = Node | string | null | undefined | false;

/** Creates `tag` with `attributes` (an `on...` function is an event listener) and `children`. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: readonly Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Appends `children` to `parent`, skipping the empty ones. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces `parent`'s children. */
export function replaceChildren(parent: Element, ...children: readonly Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * The element with id `id`, of the class `kind` (default: any element); throws when the page
 * lacks it or it is of another kind (a bug in the page, not the model).
 */
export function byId(id: string): HTMLElement;
export function byId<T extends HTMLElement>(id: string, kind: abstract new () => T): T;
export function byId(id: string, kind: abstract new () => HTMLElement = HTMLElement): HTMLElement {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no element #${id}`);
  const tag = element.tagName;
  if (!(element instanceof kind)) throw new Error(`the page's element #${id} is a <${tag.toLowerCase()}>, not a ${kind.name}`);
  return element;
}
