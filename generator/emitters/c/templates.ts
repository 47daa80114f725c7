/**
 * Templates of the C header emitter (and the C declarations the gcc oracle shares). Values
 * arrive finished: names, literals, aligned `#define` rows, escaped comments, indented lines.
 */
import { compileTemplates } from '../templates.js';

export const render = compileTemplates({
  /** `banner`: comment lines; `blocks`: the declarations, each one paragraph. */
  header: `/*
{{#each banner}}
 * {{this}}
{{/each}}
 *
 * {{file}}.h: namespace{{#if plural}}s{{/if}} {{namespaces}} for {{title}}.
 * Names and conventions: CDL's docs/c-asm-rust.md. Bit-field
 * setters mask the value; define CDL_ASSERT(cond) before including this header to have
 * them check that it fits, and a tagged layout's variant accessors that the word is of
 * their variant.
 */

#ifndef {{guard}}
#define {{guard}}

#include <stdint.h>
{{#each includes}}
#include "{{this}}.h"
{{/each}}

#if defined(__SIZEOF_POINTER__) && defined(__BYTE_ORDER__) && \\
    (__SIZEOF_POINTER__ != {{pointerBytes}} || __BYTE_ORDER__ != {{byteOrder}})
#error "{{file}}.h describes {{target}}: {{pointerBits}}-bit pointers, {{endian}}-endian"
#endif

{{#if assert}}
#ifndef CDL_ASSERT
#define CDL_ASSERT(cond) ((void)0)
#endif

{{/if}}
{{#each blocks}}
{{this}}

{{/each}}
{{#if checks}}
/* The compiler must lay the types out as {{target}}'s ABI does. */
{{#each checks}}
{{this}}
{{/each}}

{{/if}}
#endif /* {{guard}} */
`,

  /** The header of a namespace declared together with others in \`file\`.h. */
  forwarder: `/*
{{#each banner}}
 * {{this}}
{{/each}}
 *
 * {{ns}}.h: namespace {{ns}} for {{title}}. Namespaces {{together}}
 * use each other, so they are declared together in {{file}}.h.
 */

#ifndef {{guard}}
#define {{guard}}

#include "{{file}}.h"

#endif /* {{guard}} */
`,

  /** A header of a configuration laid out as the default configuration's \`from\`. */
  sameAs: `/*
{{#each banner}}
 * {{this}}
{{/each}}
 *
{{#each about}}
 * {{this}}
{{/each}}
 */

#include "{{from}}"
`,

  /** A struct or union; \`members\`: { doc (indented), decl }. An empty body keeps its blank line. */
  aggregate: `{{doc}}{{kind}} {{attributes}}{{name}} {
{{#each members}}
{{doc}}  {{decl}};
{{else}}

{{/each}}
};`,

  /** A static inline accessor; \`body\`: its lines, indented. */
  accessor: `{{doc}}static inline {{returns}} {{name}}({{params}})
{
{{#each body}}
{{this}}
{{/each}}
}`,
});
