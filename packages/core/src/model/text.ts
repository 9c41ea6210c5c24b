/**
 * Character-level checks on user text shared by the validators.
 */

/** True when `text` contains an ASCII control character (U+0000..U+001F or U+007F). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
