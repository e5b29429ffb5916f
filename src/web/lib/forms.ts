import type { FormInstance } from 'antd';
import type { ApiError } from '../api/client.ts';

/**
 * Puts the server's field messages under the matching form items. Returns the messages whose
 * field is not on this form, so the caller can show them elsewhere.
 */
export function applyFieldErrors(
  form: FormInstance,
  error: ApiError,
  formFields: readonly string[],
): string[] {
  const known = new Set(formFields);
  const onForm = error.fields.filter((f) => known.has(rootField(f.field)));
  const elsewhere = error.fields.filter((f) => !known.has(rootField(f.field))).map((f) => f.message);
  if (onForm.length > 0) {
    const grouped = new Map<string, string[]>();
    for (const f of onForm) grouped.set(f.field, [...(grouped.get(f.field) ?? []), f.message]);
    form.setFields([...grouped].map(([field, errors]) => ({ name: fieldPath(field), errors })));
    form.scrollToField(fieldPath(onForm[0]?.field ?? ''), { block: 'center' });
  }
  return elsewhere;
}

function rootField(field: string): string {
  return field.split('.')[0] ?? field;
}

/** 'details.note' → ['details', 'note'] so nested form items match. */
function fieldPath(field: string): string[] {
  return field.split('.');
}

/** '' and undefined become null: the API clears a field with null. */
export function blankToNull<T>(value: T | '' | undefined): T | null {
  return value === '' || value === undefined ? null : value;
}

export function trimOrNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
