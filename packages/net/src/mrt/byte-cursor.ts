/**
 * A bounded big-endian reader over part of a byte array.
 *
 * Reading past the end returns zeros and leaves the cursor at its end, the way bgpdump's
 * `mstream` does: real MRT archives contain records that are short by a few bytes (Zebra's
 * 4096-byte truncation, broken dumpers), and matching bgpdump's output on them requires the
 * same tolerance. `overrun` records that it happened so the caller can report the record.
 */
export class ByteCursor {
  readonly bytes: Uint8Array;
  pos: number;
  end: number;
  overrun = false;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** The next byte without consuming it (0 at the end). */
  peek(): number {
    return this.pos < this.end ? (this.bytes[this.pos] as number) : 0;
  }

  u8(): number {
    if (this.pos < this.end) return this.bytes[this.pos++] as number;
    this.overrun = true;
    return 0;
  }

  u16(): number {
    if (this.end - this.pos >= 2) {
      const b = this.bytes;
      const p = this.pos;
      this.pos = p + 2;
      return ((b[p] as number) << 8) | (b[p + 1] as number);
    }
    return this.#slow(2);
  }

  u32(): number {
    if (this.end - this.pos >= 4) {
      const b = this.bytes;
      const p = this.pos;
      this.pos = p + 4;
      return (
        (((b[p] as number) << 24) |
          ((b[p + 1] as number) << 16) |
          ((b[p + 2] as number) << 8) |
          (b[p + 3] as number)) >>>
        0
      );
    }
    return this.#slow(4);
  }

  /** `n` bytes as a fresh array (so records never pin the stream's buffers), zero-padded if short. */
  take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    const available = Math.min(n, this.end - this.pos);
    if (available > 16) out.set(this.bytes.subarray(this.pos, this.pos + available));
    else {
      // Addresses: a loop costs less than the view that `set` would need.
      const b = this.bytes;
      for (let i = 0, p = this.pos; i < available; i++, p++) out[i] = b[p] as number;
    }
    if (available < n) this.overrun = true;
    this.pos += Math.max(available, 0);
    return out;
  }

  /**
   * Whether the next `n` bytes are all 0xff (bytes past the end read as zeros), moving past them:
   * a BGP marker check that copies nothing.
   */
  allOnes(n: number): boolean {
    const available = Math.min(n, this.end - this.pos);
    let ones = available === n;
    for (let i = 0; i < available && ones; i++) ones = this.bytes[this.pos + i] === 0xff;
    if (available < n) this.overrun = true;
    this.pos += Math.max(available, 0);
    return ones;
  }

  /** Points this cursor at [start, end) of the same bytes, as a fresh one would be. */
  reset(start: number, end: number): void {
    this.pos = start;
    this.end = end;
    this.overrun = false;
  }

  skip(n: number): void {
    if (n > this.end - this.pos) {
      this.overrun = true;
      this.pos = this.end;
    } else this.pos += n;
  }

  /**
   * The next `n` bytes as their own cursor, advancing past them. Asking for more than remains
   * gives what remains (bgpdump's `mstream_copy`); `overrun` is then set on this cursor.
   */
  sub(n: number): ByteCursor {
    const available = Math.min(Math.max(n, 0), this.end - this.pos);
    if (available < n) this.overrun = true;
    const child = new ByteCursor(this.bytes, this.pos, this.pos + available);
    this.pos += available;
    return child;
  }

  #slow(n: number): number {
    let value = 0;
    for (let i = 0; i < n; i++) {
      value = value * 256 + (this.pos < this.end ? (this.bytes[this.pos++] as number) : 0);
    }
    this.overrun = true;
    return value;
  }
}
