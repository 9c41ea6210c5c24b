/**
 * Sharing profiles (TheHive 5 `GET /sharingProfile`): named presets of a share, built in. A share's
 * `profile` names one of these or any permission profile; the organisation it is shared with acts
 * on the case with at most that profile's permissions (docs/sharing.md, write-through-share.ts).
 */
export interface SharingProfile {
  name: string;
  description: string;
  autoShare: boolean;
  editable: boolean;
  permissionProfile: string;
  taskRule: string;
  observableRule: string;
}

export const SHARING_PROFILES: readonly SharingProfile[] = [
  {
    name: 'analyst',
    description:
      'The organisation works on the case with the analyst profile, with all its tasks and observables',
    autoShare: false,
    editable: false,
    permissionProfile: 'analyst',
    taskRule: 'all',
    observableRule: 'all',
  },
  {
    name: 'read-only',
    description: 'The organisation reads the case, all its tasks and observables',
    autoShare: false,
    editable: false,
    permissionProfile: 'read-only',
    taskRule: 'all',
    observableRule: 'all',
  },
];

/** The stored form of a rule: TheHive 4's `none` is `manual`, `autoShare` is `all`. */
export function normaliseRule(rule: string | undefined, fallback: string): string {
  if (rule === undefined) return fallback;
  if (rule === 'none') return 'manual';
  if (rule === 'autoShare') return 'all';
  return rule;
}

/** Rules under which the existing tasks/observables are shared when the share is made. */
export const sharesExisting = (rule: string) => rule === 'all' || rule === 'existingOnly';
/** Rules under which tasks/observables added later are shared. */
export const sharesUpcoming = (rule: string) => rule === 'all' || rule === 'upcomingOnly';
