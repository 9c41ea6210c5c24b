/**
 * A row's action button in an admin list or a case tab: compact, labelled with the action, and named
 * for screen readers (and tests) with what it acts on (`Delete phishing`).
 */
import { Button } from '@mantine/core';

export function RowAction({ action, of, onClick }: { action: string; of: string; onClick: () => void }) {
  return (
    <Button size="compact-xs" variant="default" aria-label={`${action} ${of}`} onClick={onClick}>
      {action}
    </Button>
  );
}
