/**
 * The creation form of an admin list: its fields in a row, the submit button (busy while the
 * mutation runs) and the refusal in words under them.
 */
import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorText } from '../common/ErrorText';

interface Props {
  /** The creation's mutation (useCreate), for its state and error. */
  mutation: { isPending: boolean; error: unknown };
  /** The button's words ("Create user"). */
  label: string;
  onSubmit(): void;
  disabled?: boolean;
  /** flex-start for rows of tall fields (text areas): the button then keeps to the first line. */
  align?: 'flex-end' | 'flex-start';
  children: ReactNode;
  /** Shown under the row (a hint). */
  footer?: ReactNode;
}

export function CreateForm({
  mutation,
  label,
  onSubmit,
  disabled,
  align = 'flex-end',
  children,
  footer,
}: Props) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Group align={align} gap="xs">
        {children}
        <Button
          type="submit"
          disabled={disabled}
          mt={align === 'flex-start' ? 24 : undefined}
          loading={mutation.isPending}
        >
          {label}
        </Button>
      </Group>
      {footer}
      <ErrorText error={mutation.error} />
    </form>
  );
}
