/**
 * A write on a case's page: on success everything cached under ['case'] is refreshed (the live events
 * would do it too, a moment later) and a short confirmation is shown; a refusal is shown in words.
 */
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../api/http';

export function useCaseMutation<T>(
  fn: (value: T) => Promise<unknown>,
  done?: string,
  /** What to refresh: the case's page by default (an alert's preview passes its own key). */
  queryKey: readonly unknown[] = ['case'],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // pending until the refreshed data is there, so controls never flash back to the old value
    onSuccess: () => {
      if (done) notifications.show({ message: done, color: 'green', autoClose: 2000 });
      return queryClient.invalidateQueries({ queryKey });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorText(error) }),
  });
}
