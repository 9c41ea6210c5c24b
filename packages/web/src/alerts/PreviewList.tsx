/**
 * A titled list of the alert preview (observables, similar cases and alerts, techniques): its heading,
 * then what the server said went wrong, the rows once there are some, or a dimmed line while they
 * load or when there are none.
 */
import { Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorText } from '../common/ErrorText';

export interface ListRead<T> {
  data?: T[] | undefined;
  error: unknown;
  isPending: boolean;
}

export function PreviewList<T>(props: {
  title: ReactNode;
  /** The heading's id, for a table labelled by it. */
  titleId?: string;
  read: ListRead<T>;
  /** The line shown when there are no rows. */
  none: string;
  children: (rows: T[]) => ReactNode;
}) {
  const { data, error, isPending } = props.read;
  return (
    <>
      <Title order={3} size="h6" id={props.titleId}>
        {props.title}
      </Title>
      {error ? (
        <ErrorText error={error} />
      ) : data?.length ? (
        props.children(data)
      ) : (
        <Text c="dimmed" size="sm">
          {isPending ? 'Loading…' : props.none}
        </Text>
      )}
    </>
  );
}
