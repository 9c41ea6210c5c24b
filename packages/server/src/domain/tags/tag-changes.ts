import { checkTags } from '../input-rules.js';
/**
 * The tags an entity ends up with after an update that may replace them (`tags`) and/or add and
 * remove some (`addTags`, `removeTags`, TheHive 5). Undefined when the update does not touch tags.
 */

export interface TagChanges {
  tags?: string[] | null;
  addTags?: string[] | null;
  removeTags?: string[] | null;
}

export function applyTagChanges(currentJson: string, input: TagChanges): string[] | undefined {
  if (input.tags == null && input.addTags == null && input.removeTags == null) return undefined;
  let tags = input.tags != null ? checkTags(input.tags) : (JSON.parse(currentJson) as string[]);
  if (input.addTags) for (const t of checkTags(input.addTags, 'addTags')) if (!tags.includes(t)) tags.push(t);
  if (input.removeTags) {
    const remove = new Set(checkTags(input.removeTags, 'removeTags'));
    tags = tags.filter((t) => !remove.has(t));
  }
  return tags;
}
