import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { useState } from 'react';
import { isApiError } from '../api/client.ts';
import { keys } from '../api/endpoints.ts';
import { errorMessage } from '../components/QueryError.tsx';
import { useT } from '../i18n/index.tsx';
import { applyFieldErrors } from './forms.ts';

interface Options<V, R> {
  childId: number;
  mutationFn: (values: V) => Promise<R>;
  form?: FormInstance;
  formFields?: readonly string[];
  successMessage?: string;
  onSuccess?: (result: R) => void;
}

/**
 * A change to one child: on success the child is refetched; on failure the server's field
 * messages go under their form items and anything else into `error` for an Alert.
 */
export function useChildMutation<V, R>({
  childId,
  mutationFn,
  form,
  formFields = [],
  successMessage,
  onSuccess,
}: Options<V, R>) {
  const t = useT();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn,
    onMutate: () => setError(null),
    onError: (e) => {
      if (isApiError(e) && form) {
        const rest = applyFieldErrors(form, e, formFields);
        if (e.fields.length === 0 || rest.length > 0) setError(rest.length > 0 ? rest.join('；') : e.message);
      } else {
        setError(errorMessage(e, t('error.network')));
      }
      if (isApiError(e) && (e.status === 404 || e.status === 409)) {
        void queryClient.invalidateQueries({ queryKey: keys.child(childId) });
      }
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: keys.child(childId) });
      void queryClient.invalidateQueries({ queryKey: ['children'] });
      if (successMessage) message.success(successMessage);
      onSuccess?.(result);
    },
  });
  return { ...mutation, error, clearError: () => setError(null) };
}
