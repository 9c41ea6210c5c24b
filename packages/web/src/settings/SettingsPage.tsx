/**
 * The user's settings (kept on the server, per user): theme, time zone, date format
 * and list density. Each change applies at once to every screen and is saved; a refusal is shown.
 */
import { Alert, Paper, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { errorText } from '../api/http';
import { formatDate } from '../common/dates';
import { PageTitle } from '../common/PageTitle';
import { type Settings, timeZones, updateSettings, useSettings } from '../common/prefs';

const THEMES = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'auto', label: 'As the system' },
];
const FORMATS = [
  { value: 'iso', label: 'ISO (2026-12-05 17:00)' },
  { value: 'locale', label: 'My language' },
  { value: 'relative', label: 'Relative (5 minutes ago)' },
];
const DENSITIES = [
  { value: 'comfortable', label: 'Comfortable' },
  { value: 'compact', label: 'Compact' },
];

type ChoiceName = 'theme' | 'dateFormat' | 'density';

/** One setting chosen among a few values, labelled for screen readers; `children` come under it. */
function Choice({
  label,
  name,
  data,
  settings,
  change,
  children,
}: {
  label: string;
  name: ChoiceName;
  data: Array<{ value: string; label: string }>;
  settings: Settings;
  change(patch: Partial<Settings>): void;
  children?: React.ReactNode;
}) {
  const id = `settings-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600} id={id}>
        {label}
      </Text>
      <SegmentedControl
        aria-labelledby={id}
        data={data}
        value={settings[name]}
        onChange={(v) => change({ [name]: v } as Partial<Settings>)}
      />
      {children}
    </Stack>
  );
}

export function SettingsPage() {
  const settings = useSettings();
  const zones = useMemo(() => timeZones(), []);
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const change = (patch: Partial<Settings>) => {
    setError(undefined);
    setSaved(false);
    updateSettings(patch).then(
      () => setSaved(true),
      (e) => setError(errorText(e)),
    );
  };
  const sample = Date.now() - 5 * 60_000;

  return (
    <Stack maw={640} gap="md">
      <PageTitle>Settings</PageTitle>
      <Text size="sm" c="dimmed">
        Kept on the server for your account: they follow you to any browser and organisation.
      </Text>
      <Paper withBorder p="md">
        <Stack gap="md">
          <Choice label="Theme" name="theme" data={THEMES} settings={settings} change={change} />
          <Select
            label="Time zone"
            description="Every date is shown in this zone."
            searchable
            data={zones}
            value={settings.timeZone}
            allowDeselect={false}
            onChange={(v) => v && change({ timeZone: v })}
          />
          <Choice label="Date format" name="dateFormat" data={FORMATS} settings={settings} change={change}>
            <Text size="sm" data-testid="date-sample">
              Five minutes ago reads: {formatDate(sample, settings.timeZone, false, settings.dateFormat)}
            </Text>
          </Choice>
          <Choice label="List density" name="density" data={DENSITIES} settings={settings} change={change} />
        </Stack>
      </Paper>
      {error && (
        <Alert color="red" title="Not saved">
          {error}
        </Alert>
      )}
      {saved && !error && (
        <Text size="sm" role="status" c="dimmed">
          Saved.
        </Text>
      )}
    </Stack>
  );
}
