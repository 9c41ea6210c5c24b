/** Cases (links to their pages) and alerts (links to their preview in the queue). */
import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { Alert, Case } from '../api/calls';
import { CaseLink } from '../common/CaseLink';
import { ErrorText } from '../common/ErrorText';

export function RelatedList({ cases, alerts, error }: { cases?: Case[]; alerts?: Alert[]; error: unknown }) {
  return (
    <Stack gap={4}>
      <ErrorText error={error} />
      {cases?.map((c) => (
        <Text size="sm" key={c._id}>
          Case{' '}
          <CaseLink caseId={String(c.number)}>
            #{c.number} {c.title}
          </CaseLink>
        </Text>
      ))}
      {alerts?.map((a) => (
        <Text size="sm" key={a._id}>
          Alert{' '}
          <Anchor renderRoot={(props) => <Link to="/alerts" search={{ preview: a._id }} {...props} />}>
            {a.title}
          </Anchor>{' '}
          ({a.source} {a.sourceRef})
        </Text>
      ))}
      {cases?.length === 0 && alerts?.length === 0 && <Text c="dimmed">Nowhere else.</Text>}
    </Stack>
  );
}
