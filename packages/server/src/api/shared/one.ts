/** The single element of a list a presenter rendered from one item (a list of one by construction). */
export function one<T>(list: readonly T[]): T {
  const [item] = list;
  if (item === undefined) throw new Error('expected one rendered item, got none');
  return item;
}
