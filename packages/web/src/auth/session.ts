/**
 * Who is signed in: the ['me'] query (GET /api/v1/user/current). Null means signed out; a 401 from any
 * call clears it and remembers that the session expired, so the login form can say so.
 */
import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api, type User } from '../api/calls';
import { ApiError, onMfaSetupRequired, onSessionExpired } from '../api/http';
import { queryClient } from '../app/query-client';

export const ME = ['me'] as const;
let expired = false;

export function sessionExpired(): boolean {
  return expired;
}

onSessionExpired(() => {
  if (queryClient.getQueryData(ME)) {
    expired = true;
    queryClient.setQueryData(ME, null);
  }
});

// The sign-in policy wants a second factor first (a 403 with mfaSetupRequired): the app shows its set-up.
let mfaSetup = false;
const mfaWatchers = new Set<() => void>();
function setMfaSetup(value: boolean): void {
  mfaSetup = value;
  for (const w of mfaWatchers) w();
}
onMfaSetupRequired(() => setMfaSetup(true));

export function useMfaSetupRequired(): boolean {
  return useSyncExternalStore(
    (watch) => {
      mfaWatchers.add(watch);
      return () => mfaWatchers.delete(watch);
    },
    () => mfaSetup,
  );
}

/** The second factor is set up: the screens load again. */
export function mfaSetUp(): void {
  setMfaSetup(false);
  forgetData();
  // after a reload, who is signed in was refused until now: ask again
  if (!queryClient.getQueryData(ME)) void queryClient.invalidateQueries({ queryKey: ME });
}

export function useMe() {
  return useQuery({
    queryKey: ME,
    queryFn: async (): Promise<User | null> => {
      try {
        return await api.currentUser();
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** Drops everything cached for the previous user (the ['me'] query stays: the app observes it). */
function forgetData(): void {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME[0] });
}

export function signedIn(user: User): void {
  expired = false;
  forgetData();
  queryClient.setQueryData(ME, user);
}

export async function signOut(): Promise<void> {
  await api.logout().catch(() => {});
  setMfaSetup(false);
  queryClient.setQueryData(ME, null);
  forgetData();
}

/**
 * Whether the signed-in user may do something, by TheHive 5's permission name (`manageCase/merge`,
 * `manageAlert/import`, ...). The server lists the names a profile's TheHive 4 names imply too, so
 * checking the fine-grained name works for both kinds of profile.
 */
export function hasPermission(user: User | null | undefined, permission: string): boolean {
  return permissionsOf(user).includes(permission);
}

/** The signed-in user's permissions (`GET /api/v1/user/current`), implied names included. */
export function permissionsOf(user: User | null | undefined): readonly string[] {
  return (user as { permissions?: string[] } | null | undefined)?.permissions ?? [];
}
