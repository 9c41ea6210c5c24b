/**
 * Labels and v0 scales shown next to numeric fields.
 * TODO(core model): these move to packages/core/src/model once it lands.
 */
const SEVERITY = ['', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const TLP = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
const PAP = ['CLEAR', 'GREEN', 'AMBER', 'RED'];

export const severityLabel = (n: number) => SEVERITY[n] ?? String(n);
export const tlpLabel = (n: number) => TLP[n] ?? String(n);
export const papLabel = (n: number) => PAP[n] ?? String(n);

/** Internal TLP (0–4, RED = 4) to TheHive 3/4 (0–3, RED = 3); AMBER+STRICT shows as AMBER. */
export const tlpToV0 = (n: number) => (n >= 4 ? 3 : n === 3 ? 2 : n);
export const tlpFromV0 = (n: number) => (n === 3 ? 4 : n);

export function caseStatusToV0(status: string): { status: string; resolutionStatus: string | null } {
  if (status === 'New' || status === 'InProgress') return { status: 'Open', resolutionStatus: null };
  if (status === 'Duplicated') return { status: 'Duplicated', resolutionStatus: 'Duplicated' };
  return { status: 'Resolved', resolutionStatus: status };
}
