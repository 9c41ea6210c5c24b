/** Who made an object and when, as Cortex shows it: `updatedAt` and `updatedBy` absent until it is updated. */
export const cortexStamps = (
  createdAt: number,
  createdBy: string,
  updatedAt: number | null,
  updatedBy: string | null,
) => ({ createdAt, createdBy, updatedAt: updatedAt ?? undefined, updatedBy: updatedBy ?? undefined });
