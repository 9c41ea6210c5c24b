/**
 * Runs one action on many objects: the bulk route first (one transaction, fast); when it refuses the
 * batch, each object on its own, so the user sees which ones failed and why.
 */
import { errorText } from '../api/http';

export interface ItemResult {
  id: string;
  ok: boolean;
  message?: string;
}

export async function runBulk(
  ids: string[],
  bulk: ((ids: string[]) => Promise<unknown>) | undefined,
  single: (id: string) => Promise<unknown>,
  onProgress?: (done: number) => void,
): Promise<ItemResult[]> {
  if (bulk && ids.length > 1) {
    try {
      await bulk(ids);
      onProgress?.(ids.length);
      return ids.map((id) => ({ id, ok: true }));
    } catch {
      // fall through: find the culprits one by one
    }
  }
  const results: ItemResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        await single(id);
        results.push({ id, ok: true });
      } catch (error) {
        results.push({ id, ok: false, message: errorText(error) });
      }
      onProgress?.(results.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, ids.length) }, worker));
  const order = new Map(ids.map((id, i) => [id, i]));
  return results.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}
