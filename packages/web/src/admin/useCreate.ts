/** A creation form's mutation: refreshes the ['admin', key] list and confirms; errors stay on the form. */
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../api/http';

export function useCreate<T>(key: string, fn: (body: T) => Promise<unknown>, what: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin', key] });
      notifications.show({ color: 'green', message: `${what} created`, autoClose: 2000 });
    },
  });
}

/** A change from a list row (toggle, delete): refreshes the list; a refusal is shown in words. */
export function useAdminChange<T>(key: string, fn: (value: T) => Promise<unknown>, done: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin', key] });
      notifications.show({ color: 'green', message: done, autoClose: 2000 });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Refused', message: errorText(error) }),
  });
}
