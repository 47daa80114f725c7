/**
 * The generated writer and reader of what an image stores of a struct with `image_end`
 * (`ProcessView.writeStoredAt` / `readStoredAt`): on i386, where the register set follows the
 * common part (SIZE 1296, IMAGE_END 632), and on x86_64, where nothing does. They need a buffer
 * of IMAGE_END bytes only, write exactly the bytes `writeAt` writes there, check every value as
 * `writeAt` does (all or nothing), and read back what they wrote.
 */
import { describe, expect, it } from 'vitest';
import * as i386 from '../../generated/ts/i386/coyotos.js';
import * as x86_64 from '../../generated/ts/x86_64/coyotos.js';
import { FieldRangeError } from '../../runtime/index.js';
import { capability, type CoyotosTarget } from '../../runtime/coyotos/index.js';

function common(t: CoyotosTarget, seed: number): i386.ProcessStored {
  return {
    runState: t.RunState['Running'] as number,
    flags: 0x41 ^ seed,
    notices: 0x12345678 + seed,
    faultCode: t.FaultCode['Startup'] as number,
    faultInfo: 0x401000n + BigInt(seed),
    schedule: capability(t, 'Schedule'),
    addrSpace: capability(t, 'GPT', BigInt(seed % 3), { l2g: 16, match: 0x40 }),
    brand: capability(t, 'Null'),
    cohort: capability(t, 'Null'),
    ioSpace: capability(t, 'Null'),
    handler: capability(t, 'Endpoint', 1n),
    capReg: Array.from({ length: 32 }, (_, i) => (i % 5 === 1 ? capability(t, 'Page', BigInt(i)) : capability(t, 'Null'))),
  } as i386.ProcessStored;
}

for (const [name, t] of [
  ['i386', i386],
  ['x86_64', x86_64],
] as const) {
  describe(`${name}: ProcessView.writeStoredAt and readStoredAt`, () => {
    const V = t.ProcessView;

    it('write the bytes writeAt writes before image_end, into IMAGE_END bytes, and read them back', () => {
      expect(V.IMAGE_END).toBe(632);
      expect(V.SIZE).toBe(name === 'i386' ? 1296 : 632);
      for (const seed of [0, 1, 7]) {
        const value = common(t as unknown as CoyotosTarget, seed);
        const stored = new Uint8Array(V.IMAGE_END);
        V.writeStoredAt(new DataView(stored.buffer), 0, value);
        // The same value with a register set (where there is one), written whole.
        const whole = new Uint8Array(V.SIZE);
        const full = new V(new Uint8Array(V.SIZE)).read();
        V.writeAt(new DataView(whole.buffer), 0, { ...full, ...value } as never);
        expect(stored).toEqual(whole.subarray(0, V.IMAGE_END));
        // Read back: what readAt reads of the whole, field for field (bits no field names, such
        // as a capability's reserved bit, read as they were written).
        const back = V.readStoredAt(new DataView(stored.buffer), 0);
        const all = V.readAt(new DataView(whole.buffer), 0) as unknown as Record<string, unknown>;
        expect(back).toEqual(Object.fromEntries(Object.keys(value).map((k) => [k, all[k]])));
        expect(back.faultInfo).toBe(value.faultInfo);
        expect(back.capReg[6]!.payload).toEqual(value.capReg[6]!.payload);
      }
    });

    it('check every value as writeAt does, and write nothing when one is refused', () => {
      const stored = new Uint8Array(V.IMAGE_END).fill(0xa5);
      const bad = { ...common(t as unknown as CoyotosTarget, 2), flags: 0x10000 };
      expect(() => V.writeStoredAt(new DataView(stored.buffer), 0, bad)).toThrow(FieldRangeError);
      expect(() => V.writeStoredAt(new DataView(stored.buffer), 0, bad)).toThrow(/^Process\.flags: 0x10000 is out of range/);
      const deep = common(t as unknown as CoyotosTarget, 3);
      const cap = deep.capReg[3]!;
      deep.capReg[3] = { ...cap, hdr: { ...cap.hdr, allocCount: 1 << 20 } };
      expect(() => V.writeStoredAt(new DataView(stored.buffer), 0, deep)).toThrow(/^Process\.capReg\[3\]\.hdr\.allocCount: /);
      expect(stored.every((b) => b === 0xa5)).toBe(true);
    });

    it('need the IMAGE_END bytes, no more and no fewer', () => {
      const short = new Uint8Array(V.IMAGE_END - 1);
      expect(() => V.writeStoredAt(new DataView(short.buffer), 0, common(t as unknown as CoyotosTarget, 0))).toThrow(RangeError);
    });
  });
}
