/**
 * Identifier spelling for generated code. A spec may use any CDL identifier as a name
 * (`type`, `match`, `default`…); each output language escapes the ones it reserves.
 */

/** C11 keywords plus names our generated C relies on (stdint types, common macros). */
export const C_RESERVED: ReadonlySet<string> = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum',
  'extern', 'float', 'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict',
  'return', 'short', 'signed', 'sizeof', 'static', 'struct', 'switch', 'typedef', 'union',
  'unsigned', 'void', 'volatile', 'while', '_Alignas', '_Alignof', '_Atomic', '_Bool',
  '_Complex', '_Generic', '_Imaginary', '_Noreturn', '_Static_assert', '_Thread_local',
  'asm', 'typeof', 'bool', 'true', 'false', 'NULL', 'offsetof', 'alignof', 'alignas',
  'int8_t', 'int16_t', 'int32_t', 'int64_t', 'uint8_t', 'uint16_t', 'uint32_t', 'uint64_t',
  'intptr_t', 'uintptr_t', 'size_t', 'ptrdiff_t',
]);

/** Rust strict and reserved keywords (2021 edition) and primitive type names. */
export const RUST_RESERVED: ReadonlySet<string> = new Set([
  'as', 'break', 'const', 'continue', 'crate', 'else', 'enum', 'extern', 'false', 'fn', 'for',
  'if', 'impl', 'in', 'let', 'loop', 'match', 'mod', 'move', 'mut', 'pub', 'ref', 'return',
  'self', 'Self', 'static', 'struct', 'super', 'trait', 'true', 'type', 'unsafe', 'use', 'where',
  'while', 'async', 'await', 'dyn', 'abstract', 'become', 'box', 'do', 'final', 'macro',
  'override', 'priv', 'typeof', 'unsized', 'virtual', 'yield', 'try', 'gen', 'union',
  'u8', 'u16', 'u32', 'u64', 'u128', 'i8', 'i16', 'i32', 'i64', 'i128', 'usize', 'isize',
  'bool', 'char', 'str', 'f32', 'f64',
]);

/** TypeScript/JavaScript reserved words, strict-mode ones and global names we must not shadow. */
export const TS_RESERVED: ReadonlySet<string> = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in',
  'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try',
  'typeof', 'var', 'void', 'while', 'with', 'as', 'implements', 'interface', 'let', 'package',
  'private', 'protected', 'public', 'static', 'yield', 'any', 'boolean', 'number', 'string',
  'symbol', 'bigint', 'never', 'unknown', 'object', 'undefined', 'await', 'async', 'type',
  'declare', 'module', 'namespace', 'readonly', 'arguments', 'eval', 'constructor',
  'Object', 'Number', 'BigInt', 'Error', 'RangeError', 'DataView', 'Uint8Array', 'Math',
]);

/** Names that would collide with `Object.prototype` members when used as property keys. */
export const OBJECT_PROTOTYPE_NAMES: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(Object.prototype),
);

/** Appends `_` until the name is not reserved (`int` -> `int_`, `int_` stays if free). */
export function escapeName(name: string, reserved: ReadonlySet<string>): string {
  let out = name;
  while (reserved.has(out)) out += '_';
  return out;
}

export const cIdent = (name: string): string => escapeName(name, C_RESERVED);

/**
 * `SegmentDescriptor` -> `SEGMENT_DESCRIPTOR`, `faultInfo` -> `FAULT_INFO`, `rsp0` -> `RSP0`,
 * `Page2M` -> `PAGE2M`, `Sv39Pte` -> `SV39_PTE`.
 */
export function upperSnake(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    // A digit ends a word only before a capitalised word: `Tss64Descriptor`, but `Page2M`.
    .replace(/([0-9])([A-Z][a-z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
}

/** `faultInfo` -> `fault_info`. */
export function lowerSnake(name: string): string {
  return upperSnake(name).toLowerCase();
}
