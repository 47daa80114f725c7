/**
 * Coyotos images from a target's generated `coyotos` module (runtime/README.md, "Coyotos
 * images"). Not part of `runtime/index.ts`, which every generated file imports: a tool imports
 * this module (`@cdl-lang/runtime/coyotos`). Files are read and written through Node's `fs`, found
 * at run time (files.ts), so that the runtime still compiles without Node's types.
 */
export { ImageBuilder, type Bank, type PageContent } from './builder.js';
export { capability, capTypeName, checkCap, nullCap, type CapOptions, type KindCounts } from './capability.js';
export { loadElf, type LoadedProgram, type LoadOptions } from './elf-load.js';
export type { ElfViews } from '../elf.js';
export { about, ImageError } from './errors.js';
export { nodeFiles, type FileOps } from './files.js';
export { IMAGE_MAGIC, planImage, type ImagePlan } from './layout.js';
export { decodeProcess, encodeProcess, processImageSize } from './process.js';
export { buildPageTables, largePageSizes, type HardwareMapping, type HardwareTables, type PageTableOptions } from './page-tables.js';
export { ImageReader } from './read.js';
export { buildSpace, walkSpace, type Mapping, type Translation } from './space.js';
export * from './target.js';
export { writeImage, type WriteOptions } from './write.js';
