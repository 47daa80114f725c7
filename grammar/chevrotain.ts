/**
 * chevrotain, loaded from its single-module build. The package's entry point imports hundreds of
 * lodash-es modules, which cost every `cdl` run about 0.3 s to load; the single-module build
 * that the package ships beside it is the same release in one file (0.1 s). Types come from
 * the package as usual (`import type ... from 'chevrotain'`).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

type Chevrotain = typeof import('chevrotain');

/** `<package>/lib/src/api.js`, the entry point; the build is `<package>/lib/chevrotain.mjs`. */
const entry = pathToFileURL(createRequire(import.meta.url).resolve('chevrotain'));
const chevrotain = (await import(new URL('../chevrotain.mjs', entry).href)) as Chevrotain;

export const { createToken, EmbeddedActionsParser, EOF, isRecognitionException, Lexer, tokenLabel, tokenMatcher } = chevrotain;
