/** The case list: open cases first by default, search by words in the title, virtual over server pages. */
import { Anchor, Badge, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { severityBadge } from '../alerts/columns';
import { toV1Sort } from '../alerts/filters';
import type { Case, QueryStep } from '../api/calls';
import { DATE_COLUMN_WIDTH, formatDate } from '../common/dates';
import { ErrorText } from '../common/ErrorText';
import { PageTitle } from '../common/PageTitle';
import { useRowHeight, useTimeZone } from '../common/prefs';
import { SavedViews } from '../common/SavedViews';
import { caseSearchOf, caseView } from '../common/saved-view-state';
import { useWindowed } from '../common/windowed';
import { useLiveSubscription } from '../live/events';

export function casePipeline(
  q: string | undefined,
  openOnly: boolean,
  sort: string[],
  from: number,
  to: number,
): QueryStep[] {
  const filters: Record<string, unknown>[] = [];
  if (openOnly) filters.push({ _ne: { _field: 'stage', _value: 'Closed' } });
  if (q) filters.push({ _like: { _field: 'title', _value: `*${q}*` } });
  const steps: QueryStep[] = [{ _name: 'listCase' }];
  if (filters.length === 1) steps.push({ _name: 'filter', ...filters[0] });
  if (filters.length > 1) steps.push({ _name: 'filter', _and: filters });
  steps.push({ _name: 'sort', _fields: toV1Sort(sort.length ? sort : ['-number']) });
  steps.push({ _name: 'page', from, to, extraData: ['total', 'taskStats'] });
  return steps;
}

export function CaseListPage() {
  const ROW = useRowHeight();
  const search = useSearch({ from: '/cases' });
  const navigate = useNavigate({ from: '/cases' });
  const tz = useTimeZone();
  const openOnly = search.open !== false;
  const sort = search.sort ?? ['-number'];
  const [text, setText] = useState(search.q ?? '');
  const scrollRef = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState({ start: 0, end: 60 });
  const key = useMemo(
    () => ['cases', JSON.stringify([search.q, openOnly, sort])],
    [search.q, openOnly, sort],
  );
  const list = useWindowed<Case>(
    key,
    (from, to) => casePipeline(search.q, openOnly, sort, from, to),
    visible,
  );
  const queryClient = useQueryClient();
  useLiveSubscription(
    (event) => {
      if (event.objectType === 'Case') void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
    [queryClient],
  );
  const virtualizer = useVirtualizer({
    count: list.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 10,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rows are measured again when their height changes
  useEffect(() => virtualizer.measure(), [ROW, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(
    () => setVisible((v) => (v.start === first && v.end === last ? v : { start: first, end: last })),
    [first, last],
  );

  return (
    <Stack gap="xs" h="calc(100vh - 48px - 2 * var(--mantine-spacing-sm))">
      <Group justify="space-between">
        <Group gap="sm">
          <PageTitle>Cases</PageTitle>
          <Text size="sm" c="dimmed" data-testid="case-total">
            {list.total === undefined
              ? ''
              : `${list.total}${list.capped ? '+' : ''} case${list.total === 1 ? '' : 's'}`}
          </Text>
        </Group>
        <Group gap="xs">
          <SavedViews
            entity="case"
            current={caseView(search)}
            onApply={(view) => {
              const next = caseSearchOf(view);
              setText(next.q ?? '');
              void navigate({ search: next });
            }}
          />
          <Checkbox
            label="Open only"
            checked={openOnly}
            onChange={(e) =>
              void navigate({ search: (s) => ({ ...s, open: e.currentTarget.checked ? undefined : false }) })
            }
          />
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void navigate({ search: (s) => ({ ...s, q: text.trim() || undefined }) });
            }}
          >
            <TextInput
              size="xs"
              w={240}
              aria-label="Search cases"
              placeholder="Search titles"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
          </form>
        </Group>
      </Group>
      <ErrorText error={list.error} />
      <div
        ref={scrollRef}
        className="data-list"
        style={{ flex: 1 }}
        role="grid"
        aria-label="Cases"
        aria-rowcount={list.count}
        data-testid="case-list"
      >
        <div className="data-head" role="row">
          {['#', 'Severity', 'Title', 'Status', 'Assignee', 'Tasks', 'Created'].map((h, i) => (
            <div
              key={h}
              role="columnheader"
              className={`cell${i === 2 ? ' cell-grow' : ''}`}
              style={{ width: [70, 90, 300, 120, 160, 80, DATE_COLUMN_WIDTH][i], lineHeight: '28px' }}
            >
              {h}
            </div>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const c = list.rows[item.index];
            const stats = (c?.extraData as { taskStats?: { Completed?: number; total?: number } } | undefined)
              ?.taskStats;
            return (
              <div
                key={item.key}
                className="data-row"
                role="row"
                aria-rowindex={item.index + 1}
                data-testid={c ? `case-row-${c.number}` : undefined}
                style={{ transform: `translateY(${item.start}px)`, height: ROW }}
              >
                {c && (
                  <>
                    <div role="gridcell" className="cell" style={{ width: 70 }}>
                      #{c.number}
                    </div>
                    <div role="gridcell" className="cell" style={{ width: 90 }}>
                      {severityBadge(c.severity, c.severityLabel)}
                    </div>
                    <div role="gridcell" className="cell cell-grow" style={{ width: 300 }}>
                      <Anchor
                        renderRoot={(props) => (
                          <Link to="/cases/$caseId" params={{ caseId: String(c.number) }} {...props} />
                        )}
                        size="sm"
                      >
                        {c.title}
                      </Anchor>
                    </div>
                    <div role="gridcell" className="cell" style={{ width: 120 }}>
                      <Badge variant="outline" size="sm">
                        {c.status}
                      </Badge>
                    </div>
                    <div role="gridcell" className="cell" style={{ width: 160 }}>
                      {c.assignee ?? ''}
                    </div>
                    <div role="gridcell" className="cell" style={{ width: 80 }}>
                      {stats?.total ? `${stats.Completed ?? 0}/${stats.total}` : ''}
                    </div>
                    <div role="gridcell" className="cell" style={{ width: DATE_COLUMN_WIDTH }}>
                      {formatDate(c._createdAt, tz)}
                    </div>
                  </>
                )}
              </div>
            );
          })}
        </div>
        {list.count === 0 && !list.loading && (
          <Text c="dimmed" p="md">
            No case matches.
          </Text>
        )}
      </div>
    </Stack>
  );
}
