/**
 * Handlebars for every emitter: templates are TS string constants (so they ship in dist/),
 * compiled once, on first use, with `noEscape` (values are code, inserted verbatim) and
 * `strict` (a missing field is an error, not empty text). Emitters compute names, values,
 * column alignment and escaping; templates give files and declarations their shape.
 *
 * Compiling a template is most of what a small `cdl gen` spends before it emits anything, so
 * `npm run build` also writes `templates.precompiled.js` beside the built module: every
 * template, compiled by Handlebars ahead of time, keyed by its text. A template whose text is
 * not there (the sources run by the tests, or a build that did not finish) is compiled here.
 */
import Handlebars from 'handlebars';

/** `render(name, data)` over a record of templates. */
export type Render<N extends string> = (name: N, data: object) => string;

export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

/** Every template of every emitter, in the order their modules load: what the build precompiles. */
export const TEMPLATE_TEXTS: string[] = [];

// The types name the specification only through `Handlebars.template` (a global interface).
type Precompiled = ReadonlyMap<string, Parameters<typeof Handlebars.template>[0]>;

const precompiled: Precompiled = await import(new URL('./templates.precompiled.js', import.meta.url).href).then(
  (m: { default: Precompiled }) => m.default,
  () => new Map(),
);

export function compileTemplates<T extends Readonly<Record<string, string>>>(templates: T): Render<keyof T & string> {
  TEMPLATE_TEXTS.push(...Object.values(templates));
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  return (name, data) => {
    let t = compiled.get(name);
    if (!t) {
      const text = templates[name];
      const spec = precompiled.get(text);
      t = spec ? Handlebars.template(spec) : Handlebars.compile(text, COMPILE_OPTIONS);
      compiled.set(name, t);
    }
    return t(data);
  };
}
