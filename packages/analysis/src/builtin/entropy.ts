/** Shannon entropy of bytes, in bits per byte (0 to 8), rounded to three decimals. */
export function entropy(bytes: Buffer): number {
  if (bytes.length === 0) return 0;
  const counts = new Array<number>(256).fill(0);
  for (const b of bytes) counts[b]!++;
  let h = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / bytes.length;
    h -= p * Math.log2(p);
  }
  return Math.round(h * 1000) / 1000;
}
