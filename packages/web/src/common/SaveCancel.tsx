import { Button, Group, type MantineSize } from '@mantine/core';

/** A form's closing buttons: its submit button (`label`) and Cancel. */
export function SaveCancel(props: {
  label: string;
  onCancel: () => void;
  loading?: boolean;
  size?: MantineSize | 'compact-sm';
}) {
  return (
    <Group gap="xs">
      <Button type="submit" size={props.size} loading={props.loading}>
        {props.label}
      </Button>
      <Button size={props.size} variant="default" onClick={props.onCancel}>
        Cancel
      </Button>
    </Group>
  );
}
