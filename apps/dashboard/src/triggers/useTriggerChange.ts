import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';

/**
 * A mutation that changes a trigger (create, edit, switch, delete, rotate): the trigger list is re-read after it,
 * and with `deliveries` the delivery lists too (a deletion fails the trigger's pending deliveries).
 */
export function useTriggerChange<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>, options: { deliveries?: boolean } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.triggers() });
      if (options.deliveries) void queryClient.invalidateQueries({ queryKey: ['deliveries'] });
    },
  });
}
