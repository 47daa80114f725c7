/**
 * Bit layouts in each target module: a view class reading and writing the fields in memory, in
 * place, and the chunk reads and writes that struct views share.
 */
import type * as ir from '../../ir.js';
import { chunkCount, chunksOf } from '../../lower/bits-chunks.js';
import { bigWordBad, matchingParen, wordBad, writePieces } from './bitcode.js';
import { type BitsModel, checkField, fieldDoc, fieldType, kindOfType, readExpr } from './bits-model.js';
import { objectCheck } from './bits-companion.js';
import type { ModuleWriter } from './module.js';
import { docComment, str } from './naming.js';
import { method, render } from './templates.js';

/** How chunk `k` of a layout sits in memory on a target. */
interface ChunkPlace {
  readonly words: { readonly offset: number; readonly bytes: 1 | 2 | 4; readonly shift: number }[];
}

function chunkPlaces(decl: ir.Bits, le: boolean): ChunkPlace[] {
  const n = chunkCount(decl.width);
  const wb = decl.wordBits;
  const bytes = wb / 8;
  return Array.from({ length: n }, (_, k) => {
    if (wb === 64) {
      const j = Math.floor(k / 2);
      const h = k % 2;
      return { words: [{ offset: j * 8 + (le ? 4 * h : 4 * (1 - h)), bytes: 4 as const, shift: 0 }] };
    }
    if (wb === 32) return { words: [{ offset: 4 * k, bytes: 4 as const, shift: 0 }] };
    const per = 32 / wb;
    const words = [];
    for (let j = k * per; j < Math.min((k + 1) * per, decl.words); j++) words.push({ offset: j * bytes, bytes: bytes as 1 | 2, shift: (j - k * per) * wb });
    return { words };
  });
}

const GET = { 1: 'getUint8', 2: 'getUint16', 4: 'getUint32' } as const;
const SET = { 1: 'setUint8', 2: 'setUint16', 4: 'setUint32' } as const;

/** Reads chunk `k` at `base` (an offset expression). */
export function readChunk(decl: ir.Bits, le: boolean, k: number, dv: string, base: string): string {
  const place = chunkPlaces(decl, le)[k];
  const at = (off: number) => (off ? `${base} + ${off}` : base);
  const parts = place.words.map((w) => {
    const read = w.bytes === 1 ? `${dv}.${GET[w.bytes]}(${at(w.offset)})` : `${dv}.${GET[w.bytes]}(${at(w.offset)}, ${le})`;
    return w.shift ? `(${read} << ${w.shift})` : read;
  });
  if (parts.length === 1) return parts[0];
  const top = place.words[place.words.length - 1];
  const e = parts.join(' | ');
  return top.shift + top.bytes * 8 === 32 ? `(${e}) >>> 0` : `(${e})`;
}

/**
 * Statements storing chunk `k` at `base`: `value` is an expression of its 32 bits, signed or
 * unsigned (`setUint32`, `setUint16` and `setUint8` keep the low bits).
 */
export function writeChunk(decl: ir.Bits, le: boolean, k: number, dv: string, base: string, value: string): string[] {
  const place = chunkPlaces(decl, le)[k];
  const at = (off: number) => (off ? `${base} + ${off}` : base);
  const set = (w: ChunkPlace['words'][number], v: string) => (w.bytes === 1 ? `${dv}.${SET[w.bytes]}(${at(w.offset)}, ${v});` : `${dv}.${SET[w.bytes]}(${at(w.offset)}, ${v}, ${le});`);
  if (place.words.length === 1 && place.words[0].shift === 0) return [set(place.words[0], unparen(value))];
  const out: string[] = [];
  let v = value;
  if (!/^\w+$/.test(value)) {
    out.push(`const c${k} = ${unparen(value)};`);
    v = `c${k}`;
  }
  for (const w of place.words) out.push(set(w, w.shift ? `${v} >>> ${w.shift}` : v));
  return out;
}

/** `e` without redundant outer parentheses (prettier drops them in arguments and initializers). */
function unparen(e: string): string {
  return e.startsWith('(') && matchingParen(e) === e.length - 1 ? e.slice(1, -1) : e;
}

/** The two fields every view declares (no shared base class: see runtime/bytes.ts). */
export function viewFields(what: string): { doc: string; code: string }[] {
  return [
    { doc: docComment('The memory this view reads and writes.'), code: 'readonly dataView: DataView;' },
    { doc: docComment(`Where the ${what} starts in \`dataView\`; assign it to move the view.`), code: 'byteOffset: number;' },
  ];
}

/** A view constructor's body: the checked `DataView`, then the offset. */
export function viewInit(m: ModuleWriter, size: number): string[] {
  return [`this.dataView = ${m.rt('viewOf')}(buffer, byteOffset, ${size});`, 'this.byteOffset = byteOffset;'];
}

/** The module's scratch words for encoding into memory (never escapes a call). */
function scratch(m: ModuleWriter): string {
  return m.helper('scratch', (name) => `${docComment('Scratch space for encoders writing to memory (up to 1024 bits).')}const ${name}: number[] = new Array<number>(32).fill(0);`);
}

export function renderBitsView(model: BitsModel, m: ModuleWriter): string {
  const { decl, layout, n } = model;
  // `byte_order(big)` on the layout: its words are in that order on every target.
  const le = (decl.byteOrder ?? layout.target.endian) === 'little';
  const names = m.plan.names.get(decl.qname)!;
  const self = m.ref(decl.qname);
  const view = names.view!;
  const typeName = decl.name;
  const members: { doc: string; code: string }[] = [];
  const chunkName = (k: number) => (n === 1 ? 'word' : n === 2 ? (k === 0 ? 'lo' : 'hi') : `w${k}`);
  const loadChunks = (ks: readonly number[]) => ks.map((k) => `const ${chunkName(k)} = ${readChunk(decl, le, k, 'this.dataView', 'this.byteOffset')};`);

  members.push({ doc: docComment('Bytes in memory.'), code: `static readonly SIZE = ${decl.size};` });
  members.push(...viewFields('word'));
  members.push({
    doc: docComment('A view of the word at `byteOffset` in `buffer`; a `RangeError` if it does not fit.'),
    code: method({ name: 'constructor', params: `buffer: ${m.rt('BufferLike', true)}, byteOffset = 0`, body: viewInit(m, decl.size) }),
  });
  const seen = new Set<string>();
  for (const s of model.slots) {
    if (seen.has(s.viewAccessor)) continue;
    seen.add(s.viewAccessor);
    const f = s.field;
    const ks = chunksOf(f);
    const type = fieldType(f, m);
    members.push({
      doc: docComment(f.doc, fieldDoc(s)),
      code: method({ kind: 'get', name: s.viewAccessor, returns: type, body: [...loadChunks(ks), `return ${readExpr(f, chunkName, m)};`] }),
    });
    const p = writePieces(f, decl.width, 'value', () => 'bits', chunkName);
    const body = [checkField(typeName, f.name, f, kindOfType(f), 'value', m), ...p.pre];
    for (const c of p.chunks) {
      // Read, modify, write: the bits the field leaves alone are kept.
      if (c.readsOld) body.push(`const ${chunkName(c.chunk)} = ${readChunk(decl, le, c.chunk, 'this.dataView', 'this.byteOffset')};`);
      body.push(...writeChunk(decl, le, c.chunk, 'this.dataView', 'this.byteOffset', c.update()));
    }
    members.push({ doc: '', code: method({ kind: 'set', name: s.viewAccessor, params: `value: ${type}`, body }) });
  }
  const all = Array.from({ length: n }, (_, k) => k);
  const args = n <= 4 ? all.map(chunkName).join(', ') : `[${all.map(chunkName).join(', ')}]`;
  // The raw word: one read, then the companion's getters decode it without touching memory.
  if (n === 1) {
    members.push({
      doc: docComment(`The word as stored (${decl.width} bits): read it once and decode fields with \`${self}.field(word)\`.`),
      code: method({ kind: 'get', name: 'raw', returns: 'number', body: [`return ${readChunk(decl, le, 0, 'this.dataView', 'this.byteOffset')};`] }),
    });
    members.push({
      doc: '',
      code: method({
        kind: 'set',
        name: 'raw',
        params: 'value: number',
        body: [
          `if (${wordBad(decl.width, 'value')}) throw ${m.rt('wordError')}(${str(decl.name)}, value, ${decl.width});`,
          ...writeChunk(decl, le, 0, 'this.dataView', 'this.byteOffset', 'value'),
        ],
      }),
    });
  } else {
    members.push({
      doc: docComment(`The word as stored (${decl.width} bits).`),
      code: method({ kind: 'get', name: 'raw', returns: 'bigint', body: [...loadChunks(all), `return ${m.rt('fromWords')}([${all.map(chunkName).join(', ')}]);`] }),
    });
    members.push({
      doc: '',
      code: method({
        kind: 'set',
        name: 'raw',
        params: 'value: bigint',
        body: [
          `if (${bigWordBad(decl.width, 'value')}) throw ${m.rt('wordError')}(${str(decl.name)}, value, ${decl.width});`,
          `${m.rt('toWords')}(value, ${n}, ${scratch(m)});`,
          ...all.flatMap((k) => writeChunk(decl, le, k, 'this.dataView', 'this.byteOffset', `${scratch(m)}[${k}]!`)),
        ],
      }),
    });
  }
  const loadFrom = (dv: string, base: string) => all.map((k) => `const ${chunkName(k)} = ${readChunk(decl, le, k, dv, base)};`);
  const decode = n === 1 ? `${self}.decode(word)` : `${self}.${model.api.decodeParts}(${args})`;
  members.push({ doc: docComment('Decodes the word.'), code: method({ name: 'read', returns: self, body: [`return ${view}.readAt(this.dataView, this.byteOffset);`] }) });
  members.push({
    doc: docComment('Encodes `value` into the word; a `RangeError` if a field does not fit (memory is then unchanged).'),
    code: method({ name: 'write', params: `value: ${self}`, returns: 'void', body: [`${view}.writeAt(this.dataView, this.byteOffset, value);`] }),
  });
  members.push({
    doc: docComment(`Problems with the word (see \`${self}.validate\`).`),
    code: method({ name: 'validate', returns: 'string[]', body: [...loadChunks(all), `return ${self}.${n === 1 ? 'validate' : model.api.validateParts}(${n === 1 ? 'word' : args});`] }),
  });
  members.push({
    doc: docComment('Decodes the word at `byteOffset` in `dataView`: `read()` without a view.'),
    code: method({ static: true, name: 'readAt', params: 'dataView: DataView, byteOffset: number', returns: self, body: [...loadFrom('dataView', 'byteOffset'), `return ${decode};`] }),
  });
  members.push({
    doc: docComment('Encodes `value` into the word at `byteOffset` in `dataView`: `write(value)` without a view.'),
    code: method({
      static: true,
      name: 'writeAt',
      params: `dataView: DataView, byteOffset: number, value: ${self}`,
      returns: 'void',
      body:
        n === 1
          ? writeChunk(decl, le, 0, 'dataView', 'byteOffset', `${self}.encode(value)`)
          : model.api.encodeChunks
            ? [
                // Every chunk is encoded (and checked) before memory is touched.
                objectCheck(model, m),
                ...model.api.encodeChunks.map((fn, k) => `const ${chunkName(k)} = ${self}.${fn}(value);`),
                ...all.flatMap((k) => writeChunk(decl, le, k, 'dataView', 'byteOffset', chunkName(k))),
              ]
            : [
                `${self}.${model.api.encodeParts}(value, ${scratch(m)});`,
                ...all.flatMap((k) => writeChunk(decl, le, k, 'dataView', 'byteOffset', `${scratch(m)}[${k}]!`)),
              ],
    }),
  });
  return render('viewClass', {
    doc: docComment(`{@link ${self}} in memory, read and written in place: ${decl.size} bytes, ${le ? 'little' : 'big'}-endian.`),
    name: view,
    base: m.rt('View', true),
    members,
  });
}
