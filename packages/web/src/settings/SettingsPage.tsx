/**
 * The user's settings (kept on the server, per user and organisation): theme, time zone, date format
 * and list density. Each change applies at once to every screen and is saved; a refusal is shown.
 */
import { Alert, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { errorText } from '../api/http';
import { formatDate } from '../common/dates';
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

function Field({ label, id, children }: { label: string; id: string; children: React.ReactNode }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600} id={id}>
        {label}
      </Text>
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
      <Title order={1} size="h3">
        Settings
      </Title>
      <Text size="sm" c="dimmed">
        Kept on the server for your account: they follow you to any browser and organisation.
      </Text>
      <Paper withBorder p="md">
        <Stack gap="md">
          <Field label="Theme" id="settings-theme">
            <SegmentedControl
              aria-labelledby="settings-theme"
              data={THEMES}
              value={settings.theme}
              onChange={(v) => change({ theme: v as Settings['theme'] })}
            />
          </Field>
          <Select
            label="Time zone"
            description="Every date is shown in this zone."
            searchable
            data={zones}
            value={settings.timeZone}
            allowDeselect={false}
            onChange={(v) => v && change({ timeZone: v })}
          />
          <Field label="Date format" id="settings-date-format">
            <SegmentedControl
              aria-labelledby="settings-date-format"
              data={FORMATS}
              value={settings.dateFormat}
              onChange={(v) => change({ dateFormat: v as Settings['dateFormat'] })}
            />
            <Text size="sm" data-testid="date-sample">
              Five minutes ago reads: {formatDate(sample, settings.timeZone, false, settings.dateFormat)}
            </Text>
          </Field>
          <Field label="List density" id="settings-density">
            <SegmentedControl
              aria-labelledby="settings-density"
              data={DENSITIES}
              value={settings.density}
              onChange={(v) => change({ density: v as Settings['density'] })}
            />
          </Field>
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
