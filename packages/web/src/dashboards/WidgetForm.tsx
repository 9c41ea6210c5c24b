/** Creates or changes a simple widget: its type, title, entity, and the field or interval it uses. */
import { Button, Group, NativeSelect, Paper, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { WIDGET_TYPES, type Widget } from './widgets';

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
              field: type === 'bar' || type === 'donut' ? field || undefined : undefined,
              interval: type === 'bar' || type === 'line' ? interval : undefined,
              template: type === 'text' ? template : undefined,
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
            {(type === 'bar' || type === 'donut') && (
              <TextInput
                label={type === 'bar' ? 'Stack by field' : 'Count by field'}
                value={field}
                onChange={(e) => setField(e.currentTarget.value)}
              />
            )}
            {(type === 'bar' || type === 'line') && (
              <NativeSelect
                label="Interval"
                data={INTERVALS}
                value={interval}
                onChange={(e) => setBucket(e.currentTarget.value)}
              />
            )}
          </Group>
          {type === 'text' && (
            <Textarea
              label="Text (markdown)"
              autosize
              minRows={3}
              value={template}
              onChange={(e) => setTemplate(e.currentTarget.value)}
            />
          )}
          <Group gap="xs">
            <Button type="submit">Save widget</Button>
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
