/** Loading the generated TypeScript (generated/ts, kept fresh by `cdl gen`) in tests. */
import * as path from 'node:path';
import { ROOT } from './oracle.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Module = Record<string, any>;

const loaded = new Map<string, Promise<Module>>();

function load(file: string): Promise<Module> {
  let p = loaded.get(file);
  if (!p) {
    p = import(/* @vite-ignore */ path.join(ROOT, 'generated/ts', file)) as Promise<Module>;
    loaded.set(file, p);
  }
  return p;
}

/** `generated/ts/<ns>.ts`: enums, bit layouts, target-independent constants. */
export function commonModule(ns: string): Promise<Module> {
  return load(`${ns}.ts`);
}

/** `generated/ts/<stem>/<ns>.ts`: the views of one target and configuration. */
export function targetModule(stem: string, ns: string): Promise<Module> {
  return load(`${stem}/${ns}.ts`);
}
