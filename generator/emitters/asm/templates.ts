/** Templates of the GNU as emitter; rows arrive aligned and comments escaped. */
import { compileTemplates } from '../templates.js';

export const render = compileTemplates({
  /** `banner`: comment lines; `blocks`: `.equ` paragraphs, one per declaration or run of constants. */
  include: `/*
{{#each banner}}
 * {{this}}
{{/each}}
 *
 * {{ns}}.inc: namespace {{ns}} for {{title}}, for GNU as:
 * the numbers of c/{{dir}}/{{ns}}.h as .equ symbols. Use
 * \`.include "{{ns}}.inc"\` (or #include it from a .S file).
 */

.ifndef {{guard}}
.equ {{guard}}, 1

{{#each blocks}}
{{this}}

{{/each}}
.endif /* {{guard}} */
`,
});
