/**
 * `npm run build`'s last step: writes `templates.precompiled.js` beside the built
 * `templates.js`, every emitter's templates compiled by Handlebars ahead of time (see
 * templates.ts). Run from dist/, after tsc.
 */
import * as fs from 'node:fs';
import Handlebars from 'handlebars';
import './registry.js'; // loads every emitter, so every template is registered
import { COMPILE_OPTIONS, TEMPLATE_TEXTS } from './templates.js';

const entries = [...new Set(TEMPLATE_TEXTS)].map((text) => `  [${JSON.stringify(text)}, ${Handlebars.precompile(text, COMPILE_OPTIONS)}],`);
const out = new URL('./templates.precompiled.js', import.meta.url);
const source = `// Written by precompile-templates.js at build time: Handlebars templates, compiled.\nexport default new Map([\n${entries.join('\n')}\n]);\n`;
fs.writeFileSync(`${out.pathname}.tmp`, source);
fs.renameSync(`${out.pathname}.tmp`, out);
