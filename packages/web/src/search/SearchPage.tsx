/**
 * Global search (`/search?q=`, also from Ctrl-K): the cases, alerts and observables whose text
 * contains the words, each group with its count, each result a link.
 */
import { Anchor, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { search } from '../api/search';
import { CaseLink } from '../common/CaseLink';
import { ObservableLink } from '../common/ObservableLink';
import { PageTitle } from '../common/PageTitle';
import { SearchGroup } from './SearchGroup';

export function SearchPage() {
  const { q = '' } = useSearch({ from: '/search' });
  const navigate = useNavigate({ from: '/search' });
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const enabled = q.trim().length > 1;
  const cases = useQuery({ queryKey: ['search', 'cases', q], queryFn: () => search.cases(q), enabled });
  const alerts = useQuery({ queryKey: ['search', 'alerts', q], queryFn: () => search.alerts(q), enabled });
  const observables = useQuery({
    queryKey: ['search', 'observables', q],
    queryFn: () => search.observables(q),
    enabled,
  });
  return (
    <Stack gap="sm">
      <PageTitle>Search</PageTitle>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void navigate({ search: { q: text.trim() || undefined } });
        }}
      >
        <Group gap="xs" align="flex-end">
          <TextInput
            label="Search cases, alerts and observables"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={420}
            data-autofocus
            autoFocus
          />
        </Group>
      </form>
      {!enabled && <Text c="dimmed">Type at least two characters, then Enter.</Text>}
      {enabled && (
        <SimpleGrid cols={{ base: 1, lg: 3 }}>
          <SearchGroup title="Cases" answer={cases.data} error={cases.error}>
            {cases.data?.rows.map((c) => (
              <Text size="sm" key={c._id}>
                <CaseLink caseId={String(c.number)}>
                  #{c.number} {c.title}
                </CaseLink>
              </Text>
            ))}
          </SearchGroup>
          <SearchGroup title="Alerts" answer={alerts.data} error={alerts.error}>
            {alerts.data?.rows.map((a) => (
              <Text size="sm" key={a._id}>
                <Anchor renderRoot={(props) => <Link to="/alerts" search={{ preview: a._id }} {...props} />}>
                  {a.title}
                </Anchor>{' '}
                <Text span size="xs">
                  {a.source} {a.sourceRef}
                </Text>
              </Text>
            ))}
          </SearchGroup>
          <SearchGroup title="Observables" answer={observables.data} error={observables.error}>
            {observables.data?.rows.map((o) => (
              <Text size="sm" key={o._id} style={{ overflowWrap: 'anywhere' }}>
                <ObservableLink id={o._id}>{o.data ?? o.attachment?.name}</ObservableLink>{' '}
                <Text span size="xs">
                  {o.dataType}
                </Text>
              </Text>
            ))}
          </SearchGroup>
        </SimpleGrid>
      )}
    </Stack>
  );
}
