/**
 * A process's stored bytes: the common part, set field by field through the target's generated
 * `ProcessView` on a zeroed buffer of the view's full SIZE (the layout's concrete size), of
 * which an image stores the first IMAGE_END bytes. The setters check every value's range; the
 * register set after `image_end` is never written.
 */
import { about } from './errors.js';
import type { CoyotosTarget, ProcessCommon, ProcessViewLike } from './target.js';

/** Bytes an image stores of a process: the offset of `image_end` (the whole struct without one). */
export function processImageSize(t: CoyotosTarget): number {
  return t.ProcessView.IMAGE_END ?? t.ProcessView.SIZE;
}

/** Encodes `p` into `scratch` (at least ProcessView.SIZE bytes, zeroed here); throws an ImageError naming `where`. */
export function encodeProcess(t: CoyotosTarget, p: ProcessCommon, scratch: Uint8Array, where: string): void {
  scratch.fill(0, 0, t.ProcessView.SIZE);
  const v = new t.ProcessView(scratch, 0) as ProcessViewLike;
  let field = '';
  try {
    field = 'runState';
    v.runState = p.runState;
    field = 'flags';
    v.flags = p.flags;
    field = 'notices';
    v.notices = p.notices;
    field = 'faultCode';
    v.faultCode = p.faultCode;
    field = 'faultInfo';
    v.faultInfo = p.faultInfo;
    for (const f of ['schedule', 'addrSpace', 'brand', 'cohort', 'ioSpace', 'handler'] as const) {
      field = f;
      v[f].write(p[f]);
    }
    for (let i = 0; i < t.NUM_CAP_REGS; i++) {
      field = `capReg[${i}]`;
      v.capRegAt(i).write(p.capReg[i]!);
    }
  } catch (e) {
    throw about(`${where} ${field}`, e);
  }
}

/** Decodes the stored common part of a process (given `stored`, IMAGE_END bytes) through the view. */
export function decodeProcess(t: CoyotosTarget, stored: Uint8Array): ProcessCommon {
  // As the kernel's loader does: a zeroed object of the full size, the stored part copied in.
  const full = new Uint8Array(t.ProcessView.SIZE);
  full.set(stored.subarray(0, Math.min(stored.length, full.length)));
  const v = new t.ProcessView(full, 0) as ProcessViewLike;
  return {
    runState: v.runState,
    flags: v.flags,
    notices: v.notices,
    faultCode: v.faultCode,
    faultInfo: v.faultInfo,
    schedule: v.schedule.read(),
    addrSpace: v.addrSpace.read(),
    brand: v.brand.read(),
    cohort: v.cohort.read(),
    ioSpace: v.ioSpace.read(),
    handler: v.handler.read(),
    capReg: Array.from({ length: t.NUM_CAP_REGS }, (_, i) => v.capRegAt(i).read()),
  };
}
