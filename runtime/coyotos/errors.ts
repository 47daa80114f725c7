/**
 * The one error the image builder, writer and reader throw for a bad image or input: its
 * message names the object or file at fault (`GPT 3 slot 5: ...`, `'prog.elf': ...`), so a
 * command prints it as it is, with no stack trace.
 */
export class ImageError extends Error {
  override readonly name = 'ImageError';
}

/** Re-throws a generated view's RangeError (or anything else) as an ImageError about `where`. */
export function about(where: string, e: unknown): ImageError {
  if (e instanceof ImageError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ImageError(`${where}: ${message}`);
}
