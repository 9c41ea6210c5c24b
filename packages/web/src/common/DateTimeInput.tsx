/** A date and time typed or picked in the browser's own control (local time of the browser). */
import { TextInput } from '@mantine/core';

/** `yyyy-MM-ddTHH:mm` in the browser's local time, what <input type="datetime-local"> holds. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function DateTimeInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
}) {
  return (
    <TextInput
      type="datetime-local"
      label={label}
      required
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
