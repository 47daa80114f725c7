/** Templates of the TypeScript constants emitter; comment lines arrive escaped. */
import { compileTemplates } from '../templates.js';

/** A doc comment of `head` lines (an empty line is a bare ` *`). */
const HEAD = `/**
{{#each head}}
 *{{#if this}} {{this}}{{/if}}
{{/each}}
 */
`;

export const render = compileTemplates({
  index: `${HEAD}
{{#each exports}}
export * as {{alias}} from './{{file}}.js';
{{/each}}`,

  /** `blocks`: one per declaration or run of constants. */
  module: `${HEAD}{{#each blocks}}

{{this}}
{{/each}}`,
});
