/**
 * A spec built to break the TypeScript emitter: names that are TypeScript keywords, globals or
 * Object.prototype members, doc comments containing `*\/`, name clashes between declarations
 * and generated names, bigint enums, signed, shifted and split fields beyond 32 bits, 16- and
 * 8-bit containers, a 256-bit layout, tagged layouts with enum tags and gaps, 2-D arrays, plain
 * and discriminated unions.
 */
export const WEIRD = `
/// A namespace whose names collide with everything */ in TypeScript.
namespace default;

/// The answer */ and /* more */ text.
const constructor = 42;
const Object = -5;
const BIG: u64 = 0xffff_ffff_ffff_ffff;
/// Per target.
const toString = sizeof(Record);

/// An enum */ with awkward members.
enum interface : u3 { constructor, __proto__ = 2, toString, valueOf, default = 7 }
enum Huge : u60 { Small = 1, Large = 0xfff_ffff_ffff_ffff }
enum Signed : i4 { Neg = -8, Zero = 0, Pos = 7 }

/// Bits */ named after prototype members.
bits valueOf : u32 {
  /// A flag called constructor.
  constructor @0;
  __proto__ @1..3;
  hasOwnProperty: i4 @4..7;
  decode @8..10;
  encode @11;
  read @12;
  kind: interface @13..15;
  big @16..27 << 4;
  sgn: Signed @28..31;
}

bits Wide : u64[4] {
  a @0..63;
  b: i64 @64..127;
  c @128..130, @250..255, @190..199;
  d @131..183 << 3;
  reserved @184..189;
  reserved @200..249 = 0x3_ffff_ffff_ffff;
}

bits Small : u16[3] {
  lo @0..20;
  mid: i10 @21..30;
  hi @31..47;
}

bits Byte : u8 { x @0..2; y: i5 @3..7; }

bits Tagged : u32 {
  tag kind: interface @0..2;
  variant A when constructor, __proto__ { x @3..31; }
  variant B when default { x: i29 @3..31; }
}

bits Hw : u64 {
  tag m @60..63;
  variant P when 1 { q @0..59 << 2; }
  variant Q when 2, 3 { r: Huge @0..59; }
  variant R when 4 { low @0..15; e: Signed @56..59; }
}

struct RecordView { a: u8; }

/// A struct */ with awkward fields.
struct Record {
  constructor: u8;
  __proto__: i16;
  read: bool;
  write: ptr;
  dataView: u32[2][3];
  byteOffset: valueOf;
  SIZE: Huge;
  sgn: Signed;
  grid: RecordView[2][2];
  w: Wide;
  s: Small;
  b: Byte[3];
}

union Plain { a: u32; b: valueOf; c: u8[6]; }
union Choice : u8 { one: u16 when 1; two: Small when 2, 3; }
struct Holder { sel: u8; c: Choice by sel; p: Plain; t: Tagged; h: Hw; }
`;
