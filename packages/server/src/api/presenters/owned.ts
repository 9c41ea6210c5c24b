/** What every owned object (dashboard, saved view) shows of its ownership: its status, its owner, whether the caller may change it. */
export const ownedFields = (v: { row: { status: string; owner: string }; writable: boolean }) => ({
  status: v.row.status,
  owner: v.row.owner,
  writable: v.writable,
});
