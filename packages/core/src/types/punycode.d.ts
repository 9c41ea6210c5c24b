// punycode.js ships no types; the two functions the domain-name rules use.
declare module 'punycode/punycode.js' {
  const punycode: { decode(input: string): string; encode(input: string): string };
  export default punycode;
}
