/**
 * The emitter registry: `cdl.config.json` names emitters by these keys. Adding an output means
 * writing one emitter module and listing it here.
 */
import type { Emitter } from './emitter.js';
import { asmEmitter } from './asm/offsets.js';
import { cHeaderEmitter } from './c/header.js';
import { tsConstantsEmitter } from './ts-constants/constants.js';
import { layoutJsonEmitter } from './layout-json.js';
import { rustEmitter } from './rust/module.js';
import { tablesEmitter } from './tables/index.js';
import { tsEmitter } from './ts/index.js';

const EMITTERS: readonly Emitter[] = [layoutJsonEmitter, tsEmitter, cHeaderEmitter, asmEmitter, rustEmitter, tsConstantsEmitter, tablesEmitter];

export const emitters: ReadonlyMap<string, Emitter> = new Map(EMITTERS.map((e) => [e.name, e]));
