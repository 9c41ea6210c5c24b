/**
 * Undoes the usual defanging of indicators in reports and mails: hxxp://, [.], (.), {.}, [dot],
 * [:], [at], [@] and friends, so that the extractor sees the real URL, domain, IP or address.
 */
const RULES: Array<[RegExp, string]> = [
  [/\bh(?:xx|\*\*|XX)p(s?)(\[:\]|:)?\/\//g, 'http$1://'],
  [/\bfxp(\[:\]|:)?\/\//gi, 'ftp://'],
  [/\[:\/\/\]/g, '://'],
  [/\[:\]/g, ':'],
  [/\s?[[({]\s?(?:\.|dot)\s?[\])}]\s?/gi, '.'],
  [/\s?[[({]\s?(?:@|at)\s?[\])}]\s?/gi, '@'],
];

export function refang(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
