/** `n` rounded up to a multiple of `align` (a power of two, or any positive integer). */
export function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}
