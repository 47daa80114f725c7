/**
 * Coyotos images from a target's generated `coyotos` module (runtime/README.md, "Coyotos
 * images"). Not part of `runtime/index.ts`, which generated code imports and which stays free
 * of Node's file system: a tool imports this module (`cdl/runtime/coyotos`).
 */
export { ImageBuilder, type Bank, type PageContent } from './builder.js';
export { capability, capTypeName, checkCap, nullCap, type CapOptions, type KindCounts } from './capability.js';
export { loadElf, type LoadedProgram, type LoadOptions } from './elf-load.js';
export { about, ImageError } from './errors.js';
export { IMAGE_MAGIC, planImage, type ImagePlan } from './layout.js';
export { decodeProcess, encodeProcess, processImageSize } from './process.js';
export { ImageReader } from './read.js';
export { buildSpace, walkSpace, type Mapping, type Translation } from './space.js';
export * from './target.js';
export { writeImage, type WriteOptions } from './write.js';
