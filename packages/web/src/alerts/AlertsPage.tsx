/**
 * The alert triage list (home): a virtual list over server pages, columns chosen among every field and
 * custom field, OR filters, multi-column sort, all in the URL; keyboard triage (alerts/keyboard.ts),
 * bulk actions with per-item results, live updates that keep the selection, the active row and scroll.
 */
import { Badge, Button, Checkbox, Group, Menu, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Alert, api } from '../api/calls';
import { errorText } from '../api/http';
import { permissionsOf, useMe } from '../auth/session';
import { BIG, BulkResults, type BulkState } from '../common/BulkResults';
import { runBulk } from '../common/bulk';
import { CaseLink } from '../common/CaseLink';
import { ErrorText } from '../common/ErrorText';
import { useRowHeight, useTimeZone } from '../common/prefs';
import { SavedViews } from '../common/SavedViews';
import { alertSearchOf, alertView } from '../common/saved-view-state';
import { ToolbarMenu } from '../common/ToolbarMenu';
import { PAGE, useWindowed } from '../common/windowed';
import { useLiveSubscription } from '../live/events';
import { AlertPreview, useAlertObservables } from './AlertPreview';
import { availableColumns, type Column, DEFAULT_COLUMNS } from './columns';
import { HelpDialog, StatusDialog } from './dialogs';
import { FilterBar } from './FilterBar';
import { type FilterGroups, nextSort } from './filters';
import {
  followActive,
  leftTheList,
  missingPermissions,
  moveCursor,
  type TriageAction,
  triageAction,
} from './keyboard';
import { alertListQuery, CUSTOM_FIELDS_QUERY, fieldKinds } from './list-query';
import { type MergeChoice, MergeDialog } from './MergeDialog';

function isEditable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.closest) return false;
  return Boolean(
    el.closest(
      // [data-own-keys]: parts of the preview with their own keyboard use (technique picker, comments)
      'input, textarea, select, [contenteditable="true"], [role="dialog"], [role="menu"], [role="listbox"], [data-own-keys]',
    ),
  );
}

export function AlertsPage() {
  const ROW = useRowHeight();
  const search = useSearch({ from: '/alerts' });
  const navigate = useNavigate({ from: '/alerts' });
  const me = useMe().data!;
  // the actions that change alerts, by TheHive 5's permission names (a TheHive 4 profile lists them
  // too): those the user's profile does not allow are neither shown nor run (alerts/keyboard.ts)
  const granted = permissionsOf(me);
  const allowed = useCallback(
    (action: TriageAction) => missingPermissions(action, granted).length === 0,
    [granted],
  );
  const can = {
    update: allowed('status'),
    createCase: allowed('createCase'),
    merge: allowed('mergeIntoCase'),
  };
  const tz = useTimeZone();
  const queryClient = useQueryClient();
  const customFields = useQuery(CUSTOM_FIELDS_QUERY);

  const groups: FilterGroups = search.f ?? [];
  const sort = search.sort ?? ['-date'];
  const all = useMemo(() => availableColumns(customFields.data ?? []), [customFields.data]);
  const kinds = useMemo(() => fieldKinds(customFields.data), [customFields.data]);
  const columns: Column[] = useMemo(() => {
    const ids = search.cols ?? DEFAULT_COLUMNS;
    return ids.map((id) => all.find((c) => c.id === id)).filter((c): c is Column => Boolean(c));
  }, [search.cols, all]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [visible, setVisible] = useState({ start: 0, end: 60 });
  // set by the first new alert seen live: later ones stay out of the list until "." (even on a refresh)
  const horizon = useRef<string | undefined>(undefined);
  // the route asked for the first page already (list-query.ts): the same key finds it
  const { key: listKey, pipeline } = alertListQuery(search, kinds, () => horizon.current);
  const list = useWindowed<Alert>(listKey, pipeline, visible);
  const ids = useMemo(() => list.rows.map((r) => r?._id), [list.rows]);

  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const virtualizer = useVirtualizer({
    count: list.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 10,
    getItemKey: (index) => ids[index] ?? `row-${index}`,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the rows are measured again when their height changes
  useEffect(() => virtualizer.measure(), [ROW, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    setVisible((v) =>
      v.start === firstIndex && v.end === lastIndex ? v : { start: firstIndex, end: lastIndex },
    );
  }, [firstIndex, lastIndex]);

  // cursor: the active row (kept on the same alert when rows move) and the selection, by id
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const activeId = useRef<string | undefined>(undefined);
  useEffect(() => {
    const index = followActive(activeId.current, ids, active);
    if (index !== active) setActive(index);
    activeId.current = ids[index];
  }, [ids, active]);
  // a new filter starts at the top with nothing selected
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the list's definition changes
  useEffect(() => {
    setActive(0);
    setSelected(new Set());
    activeId.current = undefined;
    scrollRef.current?.scrollTo({ top: 0 });
  }, [listKey[1]]);

  const activeAlert = list.rows[active];
  const previewOpen = Boolean(search.preview);
  const setSearch = useCallback(
    (patch: Partial<typeof search>) => void navigate({ search: (s) => ({ ...s, ...patch }), replace: true }),
    [navigate],
  );
  // the preview shows the alert named in the URL: the one under the cursor as it moves (j/k browse
  // previews), or one opened by a link (a similar alert, a search result) even when the list does not
  // hold it; such a link moves the cursor onto the alert when it is in the loaded rows
  const listed = search.preview ? list.rows.find((r) => r?._id === search.preview) : undefined;
  const fetched = useQuery({
    queryKey: ['alert-by-id', search.preview],
    queryFn: () => api.alert.get(search.preview!),
    enabled: Boolean(search.preview) && !listed && !list.loading,
  });
  const previewAlert = listed ?? (fetched.data?._id === search.preview ? fetched.data : undefined);
  useEffect(() => {
    if (!search.preview || search.preview === activeId.current) return;
    const index = ids.indexOf(search.preview);
    if (index < 0) return;
    setActive(index);
    activeId.current = search.preview;
    virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [search.preview, ids, virtualizer]);
  // an alert that leaves the list while previewed (acted on, no longer matching the filter): the
  // preview moves on to the alert now under the cursor, back to the queue. It left when the rows
  // where it was are loaded without it; when the list only scrolled away from it, the preview stays.
  const previewListed = useRef<{ id: string; index: number } | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the rows or the previewed alert change
  useEffect(() => {
    if (!search.preview) {
      previewListed.current = undefined;
      return;
    }
    const index = ids.indexOf(search.preview);
    if (index >= 0) {
      previewListed.current = { id: search.preview, index };
      return;
    }
    const was = previewListed.current;
    if (was?.id !== search.preview || list.loading || !leftTheList(ids, was.index, PAGE)) return;
    previewListed.current = undefined;
    setSearch({ preview: ids[Math.min(active, ids.length - 1)] });
  }, [ids, search.preview, list.loading]);
  /** The cursor moved to `index`: an open preview follows it. */
  const follow = useCallback(
    (index: number) => {
      const id = ids[index];
      if (previewOpen && id && id !== search.preview) setSearch({ preview: id });
    },
    [ids, previewOpen, search.preview, setSearch],
  );

  // live updates: changes refresh the loaded pages in place; new alerts wait behind a bar until "."
  const [newCount, setNewCount] = useState(0);
  const refreshTimer = useRef<number | undefined>(undefined);
  const refresh = useCallback(() => {
    window.clearTimeout(refreshTimer.current);
    refreshTimer.current = window.setTimeout(() => {
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
      void queryClient.invalidateQueries({ queryKey: ['alert-observables'] });
    }, 150);
  }, [queryClient]);
  useLiveSubscription(
    (event) => {
      if (event.objectType !== 'Alert') return;
      if (event.action === 'create') {
        if (horizon.current === undefined) {
          horizon.current = event.objectId;
          // a refresh may have raced ahead of this event (listed, or still in flight without the
          // horizon): refetch with it, cancelling any request in flight
          void queryClient.invalidateQueries({ queryKey: ['alerts'] }, { cancelRefetch: true });
        }
        setNewCount((n) => n + 1);
      } else refresh();
    },
    [refresh, queryClient],
  );
  const showNew = useCallback(() => {
    horizon.current = undefined;
    setNewCount(0);
    void queryClient.invalidateQueries({ queryKey: ['alerts'] });
  }, [queryClient]);

  // actions
  const [bulk, setBulk] = useState<BulkState | undefined>();
  const [dialog, setDialog] = useState<'status' | 'merge' | 'help' | undefined>();
  /**
   * Closes the triage dialog and hands the keys back to the list at once: the focus would stay in
   * the dialog while it fades out (isEditable: keys inside a dialog are the dialog's), so a key
   * pressed just after Apply or Escape would be lost.
   */
  const closeDialog = useCallback(() => {
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused.closest('[role="dialog"]')) focused.blur();
    setDialog(undefined);
  }, []);
  // the selection, else the alert in the preview, else the one under the cursor
  const current = previewOpen ? previewAlert : activeAlert;
  const targets = useCallback((): string[] => {
    if (selected.size > 0) return [...selected];
    return current ? [current._id] : [];
  }, [selected, current]);

  const apply = useCallback(
    async (
      label: string,
      ids: string[],
      bulkCall: ((ids: string[]) => Promise<unknown>) | undefined,
      single: (id: string) => Promise<unknown>,
      options: { perItem?: BulkState['perItem'] } = {},
    ) => {
      if (ids.length === 0) return;
      const { perItem } = options;
      setBulk({ label, total: ids.length, done: 0 });
      const results = await runBulk(ids, bulkCall, single, (done) =>
        setBulk((b) => (b ? { ...b, done } : b)),
      );
      const failed = results.filter((r) => !r.ok).length;
      setBulk({ label, total: ids.length, done: ids.length, results, perItem });
      if (failed === 0)
        notifications.show({
          message: `${label}: ${ids.length} alert(s) done`,
          color: 'green',
          autoClose: 2500,
        });
      setSelected((s) => {
        const next = new Set(s);
        for (const r of results) if (r.ok) next.delete(r.id);
        return next;
      });
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
      void queryClient.invalidateQueries({ queryKey: ['alert-observables'] });
      return results;
    },
    [queryClient],
  );

  const update = useCallback(
    (label: string, body: Parameters<typeof api.alert.update>[1]) =>
      apply(
        label,
        targets(),
        (ids) => api.alert.bulkUpdate(ids, body),
        (id) => api.alert.update(id, body),
      ),
    [apply, targets],
  );

  const createCase = useCallback(async () => {
    const ids = targets();
    if (ids.length === 0) return;
    try {
      const created = await api.alert.createCase(ids[0]!);
      if (ids.length > 1)
        await apply('Merge into the new case', ids.slice(1), undefined, (id) =>
          api.alert.mergeInto(id, created._id),
        );
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
      setSelected(new Set());
      notifications.show({
        color: 'green',
        message: (
          <span>
            Case <CaseLink caseId={String(created.number)}>#{created.number}</CaseLink> created from{' '}
            {ids.length} alert(s)
          </span>
        ),
      });
    } catch (error) {
      notifications.show({ color: 'red', title: 'The case was not created', message: errorText(error) });
    }
  }, [targets, apply, queryClient]);

  /** Merges the targets into a case, each bringing its chosen observables; a line per alert after. */
  const mergeInto = useCallback(
    async (choice: MergeChoice) => {
      const ids = targets();
      try {
        const target = await api.case.get(choice.caseRef);
        const names: Record<string, string> = {};
        for (const id of ids) {
          const row =
            list.rows.find((r) => r?._id === id) ?? (previewAlert?._id === id ? previewAlert : undefined);
          names[id] = row ? row.title : id;
        }
        const notes: Record<string, string> = {};
        for (const id of ids) {
          const chosen = choice.observables?.get(id);
          notes[id] = chosen
            ? `merged with ${chosen.length} observable${chosen.length === 1 ? '' : 's'}`
            : 'merged with all its observables';
        }
        await apply(
          `Merge into case #${target.number}`,
          ids,
          undefined,
          (id) =>
            api.alert.mergeInto(
              id,
              target._id,
              choice.observables?.get(id) ?? (choice.observables ? [] : undefined),
            ),
          // one line per alert after a merge of several
          { perItem: ids.length > 1 ? { names, notes } : undefined },
        );
      } catch (error) {
        notifications.show({ color: 'red', title: 'Not merged', message: errorText(error) });
      }
    },
    [targets, apply, list.rows, previewAlert],
  );

  const run = useCallback(
    (action: TriageAction) => {
      const missing = missingPermissions(action, granted);
      if (missing.length > 0) {
        // a key for a change the profile does not allow: said in words, nothing sent
        notifications.show({
          // one notice per reason: the same key pressed again does not stack them
          id: `not-allowed-${missing.join()}`,
          color: 'yellow',
          title: 'Not allowed',
          message: `Your profile does not allow this: it needs ${missing.join(' and ')}.`,
          autoClose: 4000,
        });
        return;
      }
      switch (action) {
        case 'down':
        case 'up':
        case 'extendDown':
        case 'extendUp':
        case 'toggleSelect':
        case 'selectAll':
        case 'clearSelection': {
          if (action === 'clearSelection' && selected.size === 0 && previewOpen) {
            setSearch({ preview: undefined });
            return;
          }
          const next = moveCursor({ active, selected }, action, ids, list.count);
          if (next.active !== active) {
            setActive(next.active);
            activeId.current = ids[next.active];
            virtualizer.scrollToIndex(next.active, { align: 'auto' });
            follow(next.active);
          }
          if (next.selected !== selected) setSelected(next.selected);
          return;
        }
        case 'preview':
          if (activeAlert) setSearch({ preview: previewOpen ? undefined : activeAlert._id });
          return;
        case 'expand':
          if (activeAlert)
            setExpanded((e) => {
              const next = new Set(e);
              next.has(activeAlert._id) ? next.delete(activeAlert._id) : next.add(activeAlert._id);
              return next;
            });
          return;
        case 'toggleRead': {
          const read = !(current?.read ?? false);
          void apply(read ? 'Mark read' : 'Mark unread', targets(), undefined, (id) =>
            api.alert.action(id, read ? 'read' : 'unread'),
          );
          return;
        }
        case 'assignToMe':
          void update('Assign to me', { assignee: me.login });
          return;
        case 'ignore':
          void update('Ignore', { status: 'Ignored' });
          return;
        case 'status':
          setDialog('status');
          return;
        case 'mergeIntoCase':
          setDialog('merge');
          return;
        case 'createCase':
          void createCase();
          return;
        case 'showNew':
          showNew();
          return;
        case 'help':
          setDialog('help');
          return;
        case 'focusSearch':
          searchRef.current?.focus();
          return;
      }
    },
    [
      active,
      selected,
      ids,
      list.count,
      virtualizer,
      activeAlert,
      previewOpen,
      setSearch,
      follow,
      current,
      apply,
      targets,
      update,
      me.login,
      createCase,
      showNew,
      granted,
    ],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (dialog || (bulk && !bulk.results && bulk.total > BIG)) return;
      const action = triageAction({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        shiftKey: event.shiftKey,
        inEditable: isEditable(event.target),
        onControl: Boolean((event.target as HTMLElement | null)?.closest?.('a[href], button')),
      });
      if (!action) return;
      event.preventDefault();
      run(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run, dialog, bulk]);

  const totalText =
    list.total === undefined
      ? ''
      : list.capped
        ? `${list.total}+ alerts`
        : `${list.total} alert${list.total === 1 ? '' : 's'}`;
  const width = columns.reduce((w, c) => w + c.width, 36);

  return (
    <Stack gap="xs" h="calc(100vh - 48px - 2 * var(--mantine-spacing-sm))">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm">
          <Title order={1} size="h3">
            Alerts
          </Title>
          <Text size="sm" c="dimmed" data-testid="alert-total">
            {totalText}
          </Text>
        </Group>
        <Group gap="xs">
          {selected.size > 0 && (
            <Group gap={4} data-testid="selection-bar">
              <Badge size="lg" variant="light">
                {selected.size} selected
              </Badge>
              {can.update && (
                <Button size="compact-sm" onClick={() => setDialog('status')}>
                  Close / status…
                </Button>
              )}
              {can.update && (
                <Button size="compact-sm" variant="default" onClick={() => run('assignToMe')}>
                  Assign to me
                </Button>
              )}
              {can.createCase && (
                <Button size="compact-sm" variant="default" onClick={() => run('createCase')}>
                  Create case
                </Button>
              )}
              {can.merge && (
                <Button size="compact-sm" variant="default" onClick={() => setDialog('merge')}>
                  Merge…
                </Button>
              )}
              <Button size="compact-sm" variant="subtle" onClick={() => setSelected(new Set())}>
                Clear
              </Button>
            </Group>
          )}
          <SavedViews
            entity="alert"
            current={alertView(search)}
            onApply={(view) => void navigate({ search: alertSearchOf(view, search.preview), replace: false })}
          />
          <ToolbarMenu label="Columns" height={400} closeOnItemClick={false}>
            {all.map((c) => (
              <Menu.Item key={c.id}>
                <Checkbox
                  size="xs"
                  label={c.label}
                  checked={columns.some((x) => x.id === c.id)}
                  onChange={(e) => {
                    const current = columns.map((x) => x.id);
                    const cols = e.currentTarget.checked
                      ? [...current, c.id]
                      : current.filter((id) => id !== c.id);
                    setSearch({ cols });
                  }}
                />
              </Menu.Item>
            ))}
          </ToolbarMenu>
          <Button
            size="compact-sm"
            variant="subtle"
            onClick={() => setDialog('help')}
            aria-label="Keyboard shortcuts"
          >
            ?
          </Button>
        </Group>
      </Group>
      <FilterBar
        login={me.login}
        columns={all}
        groups={groups}
        text={search.q}
        searchRef={searchRef}
        onChange={(f, q) => setSearch({ f: f.length ? f : undefined, q })}
      />
      {newCount > 0 && (
        <Paper p={4} withBorder bg="var(--mantine-color-blue-light)" role="status" data-testid="new-alerts">
          <Group justify="center" gap="xs">
            <Text size="sm">
              {newCount} new alert{newCount === 1 ? '' : 's'} — press <kbd>.</kbd> to show
            </Text>
            <Button size="compact-xs" variant="subtle" onClick={showNew}>
              Show
            </Button>
          </Group>
        </Paper>
      )}
      <ErrorText error={list.error} />
      <Group align="stretch" gap="sm" wrap="nowrap" style={{ flex: 1, minHeight: 0 }}>
        <div
          ref={scrollRef}
          className="data-list"
          style={{ flex: previewOpen ? '1 1 55%' : '1 1 100%' }}
          role="grid"
          aria-label="Alerts"
          aria-rowcount={list.count}
          aria-multiselectable="true"
          data-testid="alert-list"
        >
          <div className="data-head" role="row" style={{ minWidth: width }}>
            <div className="cell" style={{ width: 36 }} role="columnheader">
              <span className="visually-hidden">Selected</span>
            </div>
            {columns.map((c) => {
              const index = sort.findIndex((s) => s.replace(/^-/, '') === c.id);
              const dir = index >= 0 ? (sort[index]!.startsWith('-') ? '↓' : '↑') : '';
              return (
                <div
                  key={c.id}
                  role="columnheader"
                  aria-sort={index === 0 ? (dir === '↓' ? 'descending' : 'ascending') : undefined}
                  className={`cell${c.grow ? ' cell-grow' : ''}`}
                  style={{ width: c.width, lineHeight: '28px' }}
                >
                  {c.sortable ? (
                    <button
                      type="button"
                      title="Sort (shift-click adds a sort key)"
                      style={{ all: 'unset', cursor: 'pointer' }}
                      onClick={(e) => setSearch({ sort: nextSort(sort, c.id, e.shiftKey) })}
                    >
                      {c.label} {dir}
                      {dir && sort.length > 1 ? <sup>{index + 1}</sup> : null}
                    </button>
                  ) : (
                    c.label
                  )}
                </div>
              );
            })}
          </div>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: width }}>
            {items.map((item) => {
              const alert = list.rows[item.index];
              const isSelected = alert ? selected.has(alert._id) : false;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="data-row"
                  role="row"
                  aria-rowindex={item.index + 1}
                  aria-selected={isSelected}
                  data-active={item.index === active}
                  data-selected={isSelected}
                  data-unread={alert ? !alert.read : undefined}
                  data-testid={alert ? `alert-row-${alert.sourceRef}` : undefined}
                  style={{ transform: `translateY(${item.start}px)`, minHeight: ROW, flexWrap: 'wrap' }}
                  onClick={(e) => {
                    setActive(item.index);
                    activeId.current = alert?._id;
                    follow(item.index);
                    if ((e.ctrlKey || e.metaKey) && alert) run('toggleSelect');
                  }}
                  onDoubleClick={() => alert && setSearch({ preview: alert._id })}
                >
                  <div className="cell" style={{ width: 36 }} role="gridcell">
                    {alert && (
                      <Checkbox
                        size="xs"
                        aria-label={`Select ${alert.title}`}
                        checked={isSelected}
                        onChange={() =>
                          setSelected((s) => {
                            const next = new Set(s);
                            next.has(alert._id) ? next.delete(alert._id) : next.add(alert._id);
                            return next;
                          })
                        }
                        onClick={(e) => e.stopPropagation()}
                      />
                    )}
                  </div>
                  {columns.map((c) => (
                    <div
                      key={c.id}
                      role="gridcell"
                      className={`cell${c.grow ? ' cell-grow' : ''}${c.id === 'title' ? ' cell-title' : ''}`}
                      style={{ width: c.width, lineHeight: `${ROW - 1}px` }}
                    >
                      {alert ? (
                        c.render(alert, tz)
                      ) : c.grow ? (
                        <Text c="dimmed" size="xs">
                          …
                        </Text>
                      ) : null}
                    </div>
                  ))}
                  {alert && expanded.has(alert._id) && <InlineObservables id={alert._id} />}
                </div>
              );
            })}
          </div>
          {list.count === 0 && !list.loading && (
            <Text c="dimmed" p="md">
              No alert matches.
            </Text>
          )}
        </div>
        {previewOpen && (previewAlert || fetched.error) && (
          <Paper withBorder p="sm" style={{ flex: '1 1 45%', minWidth: 320, overflow: 'hidden' }}>
            {previewAlert ? (
              <AlertPreview
                alert={previewAlert}
                onClose={() => setSearch({ preview: undefined })}
                onAction={run}
                allowed={allowed}
                onMerged={() => void queryClient.invalidateQueries({ queryKey: ['alerts'] })}
              />
            ) : (
              <ErrorText error={fetched.error} />
            )}
          </Paper>
        )}
      </Group>
      <StatusDialog
        opened={dialog === 'status'}
        count={targets().length}
        onClose={closeDialog}
        onApply={(status, summary) => {
          closeDialog();
          void update(`Set status ${status}`, { status, ...(summary ? { summary } : {}) });
        }}
      />
      <MergeDialog
        opened={dialog === 'merge'}
        alertIds={dialog === 'merge' ? targets() : []}
        onClose={closeDialog}
        onApply={(choice) => {
          closeDialog();
          void mergeInto(choice);
        }}
      />
      <HelpDialog opened={dialog === 'help'} onClose={closeDialog} granted={granted} />
      <BulkResults state={bulk} onClose={() => setBulk(undefined)} />
    </Stack>
  );
}

function InlineObservables({ id }: { id: string }) {
  const observables = useAlertObservables(id);
  return (
    <div style={{ width: '100%', padding: '2px 8px 6px 44px' }} data-testid="inline-observables">
      {observables.isPending ? (
        <Text size="xs" c="dimmed">
          Loading observables…
        </Text>
      ) : observables.data?.length ? (
        <Group gap={4}>
          {observables.data.map((o) => (
            <Badge
              key={o._id}
              variant="default"
              size="sm"
              tt="none"
              style={{ maxWidth: '100%', height: 'auto', whiteSpace: 'normal' }}
            >
              {o.dataType}: {o.data ?? o.attachment?.name}
            </Badge>
          ))}
        </Group>
      ) : (
        <Text size="xs" c="dimmed">
          No observables.
        </Text>
      )}
    </div>
  );
}
