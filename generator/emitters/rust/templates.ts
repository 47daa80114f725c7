/**
 * Templates of the Rust emitter. Values arrive finished: names, typed literals, `///` docs
 * (indented, each line ending in a newline), method bodies' lines.
 */
import { compileTemplates } from '../templates.js';

const DERIVE_ENUM = '#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]';

export const render = compileTemplates({
  lib: `{{#each banner}}
//! {{this}}
{{/each}}
//!
//! The layouts of {{title}}: one module per namespace. Names and conventions:
//! CDL's docs/c-asm-rust.md.
{{#if shared}}
//!
{{#each shared}}
//! {{this}}
{{/each}}
{{/if}}
#![no_std]

{{#each modules}}
{{#if path}}
#[path = "{{path}}"]
{{/if}}
pub mod {{name}};
{{/each}}`,

  /**
   * The order a module's structs of \`byte_order(runtime)\` are given (each module that has
   * one declares it, so that a module compiles wherever it is included).
   */
  byteOrder: `/// The order of data whose structs are \`byte_order(runtime)\` (an ELF file's, which its
/// \`EI_DATA\` byte gives): their accessors take it, and convert to and from the CPU's.
${DERIVE_ENUM}
pub enum {{name}} {
    Big,
    Little,
}

impl {{name}} {
    /// The order of the CPU the code runs on.
    pub const NATIVE: Self = if cfg!(target_endian = "big") { Self::Big } else { Self::Little };

    /// Whether data of this order is in the CPU's order (a \`const fn\`: \`==\` is not one).
    #[inline]
    pub const fn is_native(self) -> bool {
        matches!((self, Self::NATIVE), (Self::Big, Self::Big) | (Self::Little, Self::Little))
    }
}`,

  /** `blocks`: paragraphs; `asserts`: layout checks, compiled for the target only. */
  module: `{{#each banner}}
//! {{this}}
{{/each}}
//!
//! Namespace \`{{ns}}\` for {{title}}.
{{#each blocks}}

{{this}}
{{/each}}
{{#if asserts}}

// The mirrors have the layout of {{target}}'s C ABI: checked when compiled for it.
#[cfg(all(target_arch = "{{cfg}}", target_pointer_width = "{{pointerBits}}", target_endian = "{{endian}}"))]
const _: () = {
    use ::core::mem::{align_of, offset_of, size_of};
{{#each asserts}}
    {{this}}
{{/each}}
};
{{/if}}`,

  /**
   * An enum with `from_raw`, `TryFrom` and `From`. `variants`, `aliases`: { doc, name, value
   * | first }; `arms`: { value, name }. An enum without members has no repr and no `From`.
   */
  enum: `{{doc}}{{#if variants~}}
#[repr({{repr}})]
${DERIVE_ENUM}
pub enum {{name}} {
{{#each variants}}
{{doc}}    {{name}} = {{value}},
{{/each}}
}
{{else~}}
${DERIVE_ENUM}
pub enum {{name}} {}
{{/if}}

impl {{name}} {
{{#each aliases}}
{{doc}}    #[allow(non_upper_case_globals)]
    pub const {{name}}: Self = Self::{{first}};

{{/each}}
    /// The member with this value, if there is one.
    pub const fn from_raw(v: {{repr}}) -> Option<Self> {
{{#if arms}}
        match v {
{{#each arms}}
            {{value}} => Some(Self::{{name}}),
{{/each}}
            _ => None,
        }
{{else}}
        let _ = v;
        None
{{/if}}
    }
}

impl TryFrom<{{repr}}> for {{name}} {
    type Error = {{repr}};

    /// Fails with the value itself when no member has it.
    fn try_from(v: {{repr}}) -> Result<Self, {{repr}}> {
        match Self::from_raw(v) {
            Some(e) => Ok(e),
            None => Err(v),
        }
    }
}{{#if variants}}

impl From<{{name}}> for {{repr}} {
    fn from(v: {{name}}) -> {{repr}} {
        v as {{repr}}
    }
}{{/if}}`,

  /** A bit layout's newtype over its word or words; \`Default\` only where the zero word is valid. */
  bits: `{{doc}}#[repr(transparent)]
#[derive(Clone, Copy, {{#if default}}Default, {{/if}}PartialEq, Eq, Hash)]
pub struct {{name}}(pub {{repr}});`,

  /** A bit layout's \`Debug\`: its fields by their spec names; \`lines\`: statements on \`d\`. */
  debug: `impl ::core::fmt::Debug for {{name}} {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        // By value: \`self.ne()\` on \`&Self\` would be \`PartialEq::ne\`, not a field's getter.
        let w = *self;
        let mut d = f.debug_struct("{{title}}");
{{#each lines}}
        {{this}}
{{/each}}
        d.finish()
    }
}`,

  /** An enum-typed field's getter, \`with_\` and \`set_\` methods, over its \`_raw\` ones. */
  enumMethods: `{{doc}}    #[inline]
    pub const fn {{getter}}(self) -> {{returns}} {
{{#each get}}
        {{this}}
{{/each}}
    }

    /// A copy with \`{{field}}\` set to \`v\`.
    #[inline]
    #[must_use]
    pub const fn {{wither}}(self, v: {{type}}) -> Self {
        {{withBody}}
    }

    /// Sets \`{{field}}\` to \`v\` in place (see [\`Self::{{wither}}\`]).
    #[inline]
    pub const fn {{setter}}(&mut self, v: {{type}}) {
        *self = self.{{wither}}(v);
    }`,

  /** A method of a bit layout's \`impl\`; \`head\`: its docs and attributes (lines ending in a newline), \`body\`: its lines. */
  method: `{{head}}    pub const fn {{name}}({{params}}){{#if returns}} -> {{returns}}{{/if}} {
{{#each body}}
        {{this}}
{{/each}}
    }`,

  /** An \`impl\` of \`methods\` (rendered items), a blank line between two. */
  impl: `impl {{name}} {
{{#each methods}}
{{#unless @first}}

{{/unless}}
{{this}}
{{/each}}
}`,

  /** A bit field's getter, \`with_\` and \`set_\` methods; \`get\`, \`set\`: body lines. */
  bitsMethods: `{{doc}}    #[inline]
    pub const fn {{getter}}(self) -> {{type}} {
{{#each get}}
        {{this}}
{{/each}}
    }

    /// A copy with \`{{field}}\` set to \`v\`, masked to the field.{{fits}}
    #[inline]
    #[must_use]
    pub const fn {{wither}}(self, v: {{type}}) -> Self {
{{#each set}}
        {{this}}
{{/each}}
    }

    /// Sets \`{{field}}\` to \`v\` in place (see [\`Self::{{wither}}\`]).
    #[inline]
    pub const fn {{setter}}(&mut self, v: {{type}}) {
        *self = self.{{wither}}(v);
    }`,

  /** A \`#[repr(C, ...)]\` struct or union; \`fields\`: { doc, name, type }. An empty body keeps its blank line. */
  aggregate: `{{doc}}#[repr({{repr}})]
#[derive(Clone, Copy)]
pub {{kind}} {{name}} {
{{#each fields}}
{{doc}}    pub {{name}}: {{type}},
{{else}}

{{/each}}
}`,

  /** A packed struct's aligned wrapper around its packed fields. */
  wrapper: `{{doc}}#[repr(C, align({{align}}))]
#[derive(Clone, Copy)]
pub struct {{name}}(pub {{inner}});`,
});
