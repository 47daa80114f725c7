/**
 * The Handlebars templates of the TypeScript emitter, kept as strings so they ship inside the
 * compiled emitter. Compiled by ../templates.ts with `noEscape`: values are code, inserted
 * verbatim. Code fragments (bit arithmetic, checks) are built by the emitter; templates give
 * declarations their shape. Output is formatted by prettier afterwards, so templates need
 * not indent.
 */
import { compileTemplates } from '../templates.js';

const TEMPLATES = {
  file: `// {{banner1}}
// {{banner2}}
{{#if doc}}
{{doc}}
{{/if}}
{{#each imports}}
{{this}}
{{/each}}

{{#each blocks}}
{{this}}

{{/each}}`,

  constant: `{{doc}}export const {{name}} = {{value}};`,

  enum: `{{doc}}export enum {{name}} {
{{#each members}}
{{doc}}{{name}} = {{value}},
{{/each}}
}`,

  bigEnum: `{{doc}}export const {{name}} = {
{{#each members}}
{{doc}}{{name}}: {{value}},
{{/each}}
} as const;
export type {{name}} = (typeof {{name}})[keyof typeof {{name}}];`,

  /** An interface of plain fields. \`props\`: { doc, name, optional, type }. */
  interface: `{{doc}}export interface {{name}}{{#if extends}} extends {{extends}}{{/if}} {
{{#each props}}
{{doc}}{{name}}{{#if optional}}?{{/if}}: {{type}};
{{/each}}
}`,

  typeAlias: `{{doc}}export type {{name}} = {{type}};`,

  /**
   * A bit layout's companion: a class whose methods live on its prototype (V8 then inlines
   * calls through the one instance without per-call checks), and that instance.
   */
  codec: `{{doc}}export class {{className}} {
{{#each members}}
{{doc}}{{code}}
{{/each}}
}

{{constDoc}}export const {{name}} = new {{className}}();`,

  /** A view class. \`members\`: { doc, code }. */
  viewClass: `{{doc}}export class {{name}} implements {{base}} {
{{#each members}}
{{doc}}{{code}}
{{/each}}
}`,

  /** A struct's or union's store function (module-private: it checks nothing). */
  storeFunction: `{{doc}}function {{name}}(dataView: DataView, byteOffset: number, value: {{type}}{{#if runtimeOrder}}, littleEndian: boolean{{/if}}): void {
{{#each body}}
{{this}}
{{/each}}
}`,

  /** A module that is another one (a configuration laid out as the default one). */
  reexport: `// {{banner1}}
// {{banner2}}
{{doc}}
export * from '{{from}}';`,

  index: `// {{banner1}}
// {{banner2}}
{{doc}}
{{#each exports}}
export * as {{alias}} from './{{file}}.js';
{{/each}}`,
} as const;

export type TemplateName = keyof typeof TEMPLATES;

export const render = compileTemplates(TEMPLATES);

/**
 * A method, getter (`kind: 'get'`) or setter of an object literal or class: its signature, then
 * its body a statement a line. (Built without a template: there are thousands per run.)
 */
export function method(m: {
  name: string;
  params?: string;
  returns?: string;
  body: readonly string[];
  kind?: 'get' | 'set';
  static?: boolean;
}): string {
  const head = `${m.static ? 'static ' : ''}${m.kind ? `${m.kind} ` : ''}${m.name}(${m.params ?? ''})${m.returns ? `: ${m.returns}` : ''} {`;
  return `${head}\n${m.body.map((line) => `${line}\n`).join('')}}`;
}
