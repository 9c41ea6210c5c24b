/** A JSON file to upload (a STIX bundle, a MISP machinetag.json): one file, clearable. */
import { FileInput } from '@mantine/core';

export function JsonFileInput(props: {
  label: string;
  value: File | null;
  onChange(file: File | null): void;
}) {
  return <FileInput {...props} accept="application/json,.json" w={320} clearable />;
}
