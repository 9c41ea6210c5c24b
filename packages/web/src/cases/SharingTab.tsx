/**
 * Which organisations the case is shared with, and with which profile. Users allowed to share
 * (manageShare) share it with a linked organisation or stop sharing; others only read the list.
 */
import { Badge, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { sharing } from '../api/sharing';
import { hasPermission, useMe } from '../auth/session';
import { ColumnHeads } from '../common/ColumnHeads';
import { ErrorText } from '../common/ErrorText';
import { RowAction } from '../common/RowAction';
import { useCaseMutation } from './useCaseMutation';

export function SharingTab({ caseId }: { caseId: string }) {
  const me = useMe().data;
  const canShare = hasPermission(me, 'manageShare');
  const shares = useQuery({ queryKey: ['case', caseId, 'shares'], queryFn: () => sharing.ofCase(caseId) });
  const linked = useQuery({
    queryKey: ['organisationLinks', me?.organisation],
    queryFn: () => sharing.linkedOrganisations(me!.organisation),
    enabled: canShare && Boolean(me?.organisation),
  });
  const profiles = useQuery({ queryKey: ['sharingProfiles'], queryFn: sharing.profiles, enabled: canShare });
  const [organisation, setOrganisation] = useState('');
  const [profile, setProfile] = useState('read-only');
  const share = useCaseMutation(() => sharing.share(caseId, organisation, profile), 'Shared');
  const unshare = useCaseMutation((org: string) => sharing.unshare(caseId, org), 'No longer shared');
  const sharedWith = new Set(shares.data?.map((s) => s.organisationName));
  const candidates = (linked.data ?? []).map((o) => o.name).filter((n) => !sharedWith.has(n));
  return (
    <Stack gap="sm">
      <ErrorText error={shares.error} />
      <Table withTableBorder fz="sm" data-testid="share-table">
        <ColumnHeads
          names={['Organisation', 'Profile', 'Tasks', 'Observables', ...(canShare ? ['Actions'] : [])]}
        />
        <Table.Tbody>
          {shares.data?.map((s) => (
            <Table.Tr key={s._id}>
              <Table.Td>
                {s.organisationName} {s.owner && <Badge size="xs">owner</Badge>}
              </Table.Td>
              <Table.Td>{s.profileName}</Table.Td>
              <Table.Td>{s.taskRule}</Table.Td>
              <Table.Td>{s.observableRule}</Table.Td>
              {canShare && (
                <Table.Td>
                  {!s.owner && (
                    <RowAction
                      action="Unshare"
                      of={s.organisationName}
                      onClick={() => unshare.mutate(s.organisationName)}
                    />
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canShare ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (organisation) share.mutate(undefined, { onSuccess: () => setOrganisation('') });
          }}
        >
          <Group gap="xs" align="flex-end">
            <NativeSelect
              label="Share with"
              data={[
                { value: '', label: candidates.length ? 'choose…' : 'no linked organisation' },
                ...candidates,
              ]}
              value={organisation}
              onChange={(e) => setOrganisation(e.currentTarget.value)}
            />
            <NativeSelect
              label="Sharing profile"
              data={(profiles.data ?? [{ name: 'read-only' }, { name: 'analyst' }]).map((p) => p.name)}
              value={profile}
              onChange={(e) => setProfile(e.currentTarget.value)}
            />
            <Button type="submit" disabled={!organisation} loading={share.isPending}>
              Share
            </Button>
          </Group>
        </form>
      ) : (
        <Text size="sm" c="dimmed">
          Sharing this case needs the manageShare permission.
        </Text>
      )}
    </Stack>
  );
}
