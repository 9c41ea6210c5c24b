/**
 * The columns a user can show: any alert field, and every custom field (`customFields.<name>`).
 * Cells are plain text (never markdown) so a list of thousands stays fast.
 */
import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Alert, CustomField } from '../api/calls';
import { DATE_COLUMN_WIDTH, formatDate } from '../common/dates';

export interface Column {
  id: string;
  label: string;
  width: number;
  /** Grows to fill the row. */
  grow?: boolean;
  sortable: boolean;
  render(alert: Alert, timeZone: string): ReactNode;
}

// filled, at shades where white text keeps WCAG AA contrast
const SEVERITY_COLORS = ['', 'blue.8', 'teal.9', 'pink.9', 'red.9'];

export function severityBadge(severity: number, label: string) {
  return (
    <Badge size="sm" variant="filled" color={SEVERITY_COLORS[severity] ?? 'gray.7'}>
      {label}
    </Badge>
  );
}

const text = (id: keyof Alert & string, label: string, width: number): Column => ({
  id,
  label,
  width,
  sortable: true,
  render: (a) => String(a[id] ?? ''),
});
const date = (id: keyof Alert & string, label: string): Column => ({
  id,
  label,
  width: DATE_COLUMN_WIDTH,
  sortable: true,
  render: (a, tz) => formatDate(a[id] as number | undefined, tz),
});

export const ALERT_COLUMNS: Column[] = [
  {
    id: 'severity',
    label: 'Severity',
    width: 90,
    sortable: true,
    render: (a) => severityBadge(a.severity, a.severityLabel),
  },
  { ...text('title', 'Title', 320), grow: true },
  text('type', 'Type', 110),
  text('source', 'Source', 120),
  text('sourceRef', 'Reference', 140),
  text('status', 'Status', 110),
  text('stage', 'Stage', 90),
  text('assignee', 'Assignee', 150),
  { id: 'tags', label: 'Tags', width: 160, sortable: false, render: (a) => a.tags.join(', ') },
  { id: 'tlp', label: 'TLP', width: 90, sortable: true, render: (a) => a.tlpLabel },
  { id: 'pap', label: 'PAP', width: 80, sortable: true, render: (a) => a.papLabel },
  { id: 'read', label: 'Read', width: 60, sortable: true, render: (a) => (a.read ? 'yes' : 'no') },
  { id: 'caseId', label: 'Case', width: 80, sortable: false, render: (a) => a.caseId ?? '' },
  date('date', 'Date'),
  date('_createdAt', 'Created'),
  date('_updatedAt', 'Updated'),
];

export const DEFAULT_COLUMNS = ['severity', 'title', 'source', 'status', 'assignee', 'date'];

export function customFieldColumn(field: CustomField): Column {
  return {
    id: `customFields.${field.name}`,
    label: field.displayName || field.name,
    width: field.type === 'date' ? DATE_COLUMN_WIDTH : 130,
    sortable: true,
    render: (a, tz) => {
      const value = a.customFields.find((c) => c.name === field.name)?.value;
      if (value === undefined || value === null) return '';
      if (field.type === 'date' && typeof value === 'number') return formatDate(value, tz);
      return String(value);
    },
  };
}

export function availableColumns(customFields: CustomField[]): Column[] {
  return [...ALERT_COLUMNS, ...customFields.map(customFieldColumn)];
}
