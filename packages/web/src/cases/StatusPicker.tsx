/**
 * The case status, chosen among the organisation's case statuses (GET /caseStatus, hidden ones left
 * out unless the case has one); falls back to TheHive's built-in statuses if they cannot be read.
 */
import { NativeSelect } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { statuses } from '../api/statuses';

const BUILT_IN = [
  'New',
  'InProgress',
  'TruePositive',
  'FalsePositive',
  'Indeterminate',
  'Other',
  'Duplicated',
];

export function StatusPicker({ value, onChange }: { value: string; onChange(status: string): void }) {
  const list = useQuery({
    queryKey: ['caseStatuses'],
    queryFn: () => statuses.list('caseStatus'),
    staleTime: 300_000,
  });
  const values = list.data
    ? [...list.data]
        .sort((a, b) => a.order - b.order)
        .filter((s) => !s.hidden || s.value === value)
        .map((s) => ({
          value: s.value,
          label: s.stage && s.stage !== s.value ? `${s.value} (${s.stage})` : s.value,
        }))
    : BUILT_IN.map((v) => ({ value: v, label: v }));
  if (!values.some((v) => v.value === value)) values.push({ value, label: value });
  return (
    <NativeSelect
      label="Status"
      data={values}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
