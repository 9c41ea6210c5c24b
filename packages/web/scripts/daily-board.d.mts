export const ALERTS_PER_DAY_ROW: {
  type: 'container';
  items: { id: string; type: 'bar'; options: Record<string, string> }[];
};
