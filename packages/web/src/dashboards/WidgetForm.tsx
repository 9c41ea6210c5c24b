/**
 * Creates or changes a widget: its type, title, entity, and what the type uses: the field counted by
 * or split by, the interval of a histogram, a gauge's maximum, a text's markdown.
 */
import { Group, NativeSelect, Paper, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { MarkdownEditor } from '../common/MarkdownEditor';
import { SaveCancel } from '../common/SaveCancel';
import { BY_FIELD, OVER_TIME, usesField, WIDGET_TYPES, type Widget } from './widgets';

const FIELD_LABEL: Record<string, string> = { bar: 'Stack by field', multiline: 'One line per value of' };

const ENTITIES = ['alert', 'case', 'case_task', 'case_artifact'];
const INTERVALS = ['1d', '1w', '1M'];

export function WidgetForm({
  widget,
  onSave,
  onCancel,
}: {
  widget?: Widget;
  onSave(w: Widget): void;
  onCancel(): void;
}) {
  const [type, setType] = useState(widget?.type ?? 'bar');
  const [title, setTitle] = useState(widget?.options.title ?? '');
  const [entity, setEntity] = useState(widget?.options.entity ?? 'alert');
  const [field, setField] = useState(widget?.options.field ?? 'status');
  const [interval, setBucket] = useState(widget?.options.interval ?? '1d');
  const [template, setTemplate] = useState(widget?.options.template ?? '');
  const [max, setMax] = useState(widget?.options.max === undefined ? '' : String(widget.options.max));
  return (
    <Paper withBorder p="sm" component="section" aria-label={widget ? 'Edit widget' : 'New widget'}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave({
            id: widget?.id ?? `w-${Date.now().toString(36)}`,
            type,
            options: {
              ...widget?.options,
              title,
              entity,
              field: usesField(type) ? field || undefined : undefined,
              interval: OVER_TIME.has(type) ? interval : undefined,
              template: type === 'text' ? template : undefined,
              max: type === 'gauge' && Number(max) > 0 ? Number(max) : undefined,
            },
          });
        }}
      >
        <Stack gap="xs">
          <Group gap="xs" align="flex-end">
            <NativeSelect
              label="Widget type"
              data={WIDGET_TYPES}
              value={type}
              onChange={(e) => setType(e.currentTarget.value)}
            />
            <TextInput label="Widget title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
            {type !== 'text' && (
              <NativeSelect
                label="Entity"
                data={ENTITIES}
                value={entity}
                onChange={(e) => setEntity(e.currentTarget.value)}
              />
            )}
            {usesField(type) && (
              <TextInput
                label={FIELD_LABEL[type] ?? (BY_FIELD.has(type) ? 'Count by field' : 'Field')}
                value={field}
                onChange={(e) => setField(e.currentTarget.value)}
              />
            )}
            {type === 'gauge' && (
              <TextInput
                label="Gauge maximum"
                description="empty: the next round number"
                type="number"
                min={1}
                value={max}
                onChange={(e) => setMax(e.currentTarget.value)}
              />
            )}
            {OVER_TIME.has(type) && (
              <NativeSelect
                label="Interval"
                data={INTERVALS}
                value={interval}
                onChange={(e) => setBucket(e.currentTarget.value)}
              />
            )}
          </Group>
          {type === 'text' && (
            <MarkdownEditor label="Text (markdown)" value={template} onChange={setTemplate} />
          )}
          <SaveCancel label="Save widget" onCancel={onCancel} />
        </Stack>
      </form>
    </Paper>
  );
}
