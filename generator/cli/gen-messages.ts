/** What `cdl gen` says of an output it found or left up to date: one wording, whoever says it (main.ts, entry.ts). */

/** `cdl gen --check` on an output that is up to date. */
export function checkedLine(output: string, files: number): string {
  return `${output} is up to date (${files} files)\n`;
}

/** `cdl gen`'s summary. */
export function genLine(written: number, removed: number, unchanged: number, output: string): string {
  return `cdl: ${written} written, ${removed} removed, ${unchanged} unchanged in ${output}\n`;
}
