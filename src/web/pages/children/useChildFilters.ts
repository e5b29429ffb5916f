import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ChildListParams } from '../../api/types.ts';

const NUMERIC = ['schoolId', 'classId', 'grade', 'page', 'pageSize'] as const;

function positiveInt(value: string | null): number | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The children list's filters live in the URL, so a class link, a reload or "back" keeps them. */
export function useChildFilters() {
  const [params, setParams] = useSearchParams();

  const filters = useMemo<ChildListParams>(
    () => ({
      q: params.get('q')?.trim() || undefined,
      schoolId: positiveInt(params.get('schoolId')),
      classId: positiveInt(params.get('classId')),
      grade: positiveInt(params.get('grade')),
      group: params.get('group') || undefined,
      page: positiveInt(params.get('page')) ?? 1,
      pageSize: positiveInt(params.get('pageSize')) ?? 20,
    }),
    [params],
  );

  /** Merges a change; any change but paging goes back to page 1. */
  const update = useCallback(
    (change: Partial<ChildListParams>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(change)) {
            if (value === undefined || value === null || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          if (!('page' in change)) next.delete('page');
          if (next.get('page') === '1') next.delete('page');
          if (next.get('pageSize') === '20') next.delete('pageSize');
          return next;
        },
        { replace: !('page' in change) },
      );
    },
    [setParams],
  );

  const activeCount = [filters.schoolId, filters.classId, filters.grade, filters.group].filter(
    (v) => v !== undefined,
  ).length;

  return { filters, update, activeCount, numericKeys: NUMERIC };
}
