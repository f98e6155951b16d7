/**
 * A state's identity for the reports: its canonical encoding (`Model.encode`) as a string.
 * Internal to `reports/`.
 */
import { type ByteWriter, type Model, modelEncoder } from '../../explorer/index.ts';

/** Collects an encoding as text; slow, but the reports encode only a few hundred states. */
class KeyWriter implements ByteWriter {
  parts: number[] = [];
  u8(value: number): void {
    this.parts.push(value & 0xff);
  }
  u16(value: number): void {
    this.parts.push(0x10000 + (value & 0xffff));
  }
  i32(value: number): void {
    this.u32(value >>> 0);
  }

  u32(value: number): void {
    this.parts.push(0x100000000 + (value >>> 0));
  }
  varint(value: number): void {
    this.parts.push(-1, value);
  }
}

/** The canonical encoding of `state` as a string: equal for equal states, as `encode` promises. */
export function stateKey<S, A>(model: Model<S, A>, state: S): string {
  const writer = new KeyWriter();
  modelEncoder(model)(state, writer);
  return writer.parts.join(',');
}
