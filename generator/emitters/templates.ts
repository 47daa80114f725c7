/**
 * Handlebars for every emitter: templates are TS string constants (so they ship in dist/),
 * compiled once, on first use, with `noEscape` (values are code, inserted verbatim) and
 * `strict` (a missing field is an error, not empty text). Emitters compute names, values,
 * column alignment and escaping; templates give files and declarations their shape.
 */
import Handlebars from 'handlebars';

/** `render(name, data)` over a record of templates. */
export type Render<N extends string> = (name: N, data: object) => string;

export function compileTemplates<T extends Readonly<Record<string, string>>>(templates: T): Render<keyof T & string> {
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  return (name, data) => {
    let t = compiled.get(name);
    if (!t) {
      t = Handlebars.compile(templates[name], { noEscape: true, strict: true });
      compiled.set(name, t);
    }
    return t(data);
  };
}
