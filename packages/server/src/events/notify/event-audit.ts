/** The audit row's fields as a notification event carries them (v1 names), for triggers and payloads. */
export interface EventAudit {
  action: string;
  objectType: string;
  objectId: string;
  rootId: string | null;
  requestId: string;
  details: Record<string, unknown>;
  createdBy: string;
  createdAt: number;
}
