/**
 * A successor state's message list under construction.
 */
import type { Message, MessageKind } from '../cluster/network.ts';
import { compareMessages } from '../cluster/network.ts';
import type { Entry } from '../cluster/versions.ts';
import type { QuorumState } from './state.ts';

/**
 * A state under construction: messages added with fresh serials. Each is inserted where
 * `sortMessages` would put it (after every message that does not sort above it: its serial
 * is the largest), so the list stays in canonical order and a step never sorts it.
 */
export class Draft {
  messages: Message[];
  serial: number;
  constructor(s: QuorumState) {
    this.messages = s.messages.slice();
    this.serial = s.serial;
  }
  /** Sends a message (inserted in canonical order, with the next serial). */
  send(kind: MessageKind, from: number, to: number, op: number, hints: number, entries: readonly Entry[]): void {
    const message: Message = { kind, from, to, op, hints, entries, serial: this.serial++ };
    const messages = this.messages;
    let at = messages.length;
    while (at > 0 && compareMessages(messages[at - 1], message) > 0) at--;
    messages.splice(at, 0, message);
  }
}
