/** The users of the organisation (for @mentions): read once, kept for five minutes. */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/calls';
import type { MentionUser } from './mentions';

const KEY = ['organisation', 'users'] as const;
const NONE: MentionUser[] = [];

export function useOrganisationUsers(enabled = true): MentionUser[] {
  const q = useQuery({
    queryKey: KEY,
    queryFn: async () =>
      (await api.organisationUsers()).map((u) => ({ login: u.login, name: u.name || u.login })),
    staleTime: 5 * 60_000,
    enabled,
  });
  return q.data ?? NONE;
}

/** login → name, for rendering mentions (empty until read, or when nothing is mentioned). */
export function useUserNames(enabled: boolean): ReadonlyMap<string, string> {
  const users = useOrganisationUsers(enabled);
  return useMemo(() => new Map(users.map((u) => [u.login, u.name])), [users]);
}
