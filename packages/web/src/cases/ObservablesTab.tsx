/**
 * A case's observables: a form to add one, and the table of them all, newest first. Every row stays in
 * the document (analysts find an address with the browser's find-in-page), so a case with hundreds
 * draws hundreds of rows: they are plain elements with the Mantine table's classes and attributes (a
 * striped table with row borders), built once per answer, with one click handler on the table for
 * their links, not a component, hooks and closures each.
 */
import { Button, Checkbox, Group, NativeSelect, Stack, Table, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { api, type Observable } from '../api/calls';
import { ColumnHeads } from '../common/ColumnHeads';
import { ErrorText } from '../common/ErrorText';
import { observableLink, useFollowObservableLinks } from '../common/ObservableLink';
import { caseObservablesQuery } from './case-queries';
import { useCaseMutation } from './useCaseMutation';

export function ObservablesTab({ caseId }: { caseId: string }) {
  const observables = useQuery(caseObservablesQuery(useParams({ from: '/cases/$caseId' }).caseId));
  const types = useQuery({
    queryKey: ['observableTypes'],
    queryFn: api.admin.observableTypes,
    staleTime: 300_000,
  });
  const [dataType, setDataType] = useState('ip');
  const [data, setData] = useState('');
  const [ioc, setIoc] = useState(false);
  const add = useCaseMutation(
    (body: { dataType: string; data: string; ioc: boolean }) => api.case.addObservable(caseId, body),
    'Observable added',
  );
  const follow = useFollowObservableLinks();
  // the same elements while the answer is the same: typing in the form does not redo the rows
  const rows = useMemo(() => observables.data?.map(observableRow), [observables.data]);
  const typeNames = (types.data ?? []).filter((t) => !t.isAttachment).map((t) => t.name);
  return (
    <Stack gap="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (data.trim()) add.mutate({ dataType, data: data.trim(), ioc }, { onSuccess: () => setData('') });
        }}
      >
        <Group gap="xs" align="flex-end">
          <NativeSelect
            label="Type"
            data={typeNames.length ? typeNames : ['ip', 'domain', 'url', 'hash', 'mail', 'other']}
            value={dataType}
            onChange={(e) => setDataType(e.currentTarget.value)}
          />
          <TextInput label="Value" value={data} onChange={(e) => setData(e.currentTarget.value)} w={320} />
          <Checkbox label="IOC" checked={ioc} onChange={(e) => setIoc(e.currentTarget.checked)} mb={8} />
          <Button type="submit" loading={add.isPending}>
            Add observable
          </Button>
        </Group>
      </form>
      <ErrorText error={observables.error} />
      <Table striped withTableBorder fz="sm" data-testid="observable-table" onClick={follow}>
        <ColumnHeads names={['Type', 'Value', 'IOC', 'Sighted', 'Tags']} />
        <tbody className={Table.classes.tbody}>{rows}</tbody>
      </Table>
    </Stack>
  );
}

const TR = Table.classes.tr;
const TD = Table.classes.td;

/** One observable's row. */
function observableRow(o: Observable) {
  return (
    <tr key={o._id} className={TR} data-striped="odd" data-with-row-border>
      <td className={TD}>{o.dataType}</td>
      <td className={TD} style={{ overflowWrap: 'anywhere' }}>
        {observableLink(o._id, o.data ?? o.attachment?.name)}
      </td>
      <td className={TD}>{o.ioc ? 'yes' : ''}</td>
      <td className={TD}>{o.sighted ? 'yes' : ''}</td>
      <td className={TD}>{o.tags.join(', ')}</td>
    </tr>
  );
}
