import { Alert } from '@mantine/core';
import { errorText } from '../api/http';

/** An API error in words, with what the server said to fix. */
export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert color="red" title="Something went wrong" role="alert">
      {errorText(error)}
    </Alert>
  );
}
