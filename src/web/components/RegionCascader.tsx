import { useQueryClient } from '@tanstack/react-query';
import { Cascader } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, keys } from '../api/endpoints.ts';
import type { Region } from '../api/types.ts';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
  loading?: boolean;
}

/** The chain of region codes from the province down to `code` itself (12 digits each). */
export function regionChain(code: string): string[] {
  const chain: string[] = [];
  for (const length of [2, 4, 6, 9, 12]) {
    const prefix = code.slice(0, length);
    if (/^0+$/.test(code.slice(length - (length <= 6 ? 2 : 3), length))) continue;
    const padded = prefix.padEnd(12, '0');
    if (chain[chain.length - 1] !== padded) chain.push(padded);
  }
  return chain;
}

const toOption = (r: Region): Option => ({ value: r.code, label: r.name, isLeaf: r.level === 'village' });

function withChildren(options: Option[], path: readonly string[], children: Option[]): Option[] {
  const [head, ...rest] = path;
  return options.map((o) => {
    if (o.value !== head) return o;
    if (rest.length === 0) return { ...o, loading: false, children, isLeaf: children.length === 0 };
    return { ...o, children: withChildren(o.children ?? [], rest, children) };
  });
}

function setLoading(options: Option[], path: readonly string[]): Option[] {
  const [head, ...rest] = path;
  return options.map((o) => {
    if (o.value !== head) return o;
    if (rest.length === 0) return { ...o, loading: true };
    return { ...o, children: setLoading(o.children ?? [], rest) };
  });
}

interface Props {
  value?: string | null;
  onChange?: (code: string | null) => void;
  /** Shown when the stored code cannot be found in the region list (an abolished division). */
  currentLabel?: string | null;
  placeholder?: string;
  id?: string;
}

/** Province → city → county → township → village, loaded level by level from /api/regions. */
export function RegionCascader({ value, onChange, currentLabel, placeholder, id }: Props) {
  const queryClient = useQueryClient();
  const [options, setOptions] = useState<Option[]>([]);
  const [path, setPath] = useState<string[]>([]);
  const loadedFor = useRef<string | null | undefined>(undefined);

  const fetchChildren = (parent?: string) =>
    queryClient.fetchQuery({
      queryKey: keys.regions(parent),
      queryFn: () => api.regions(parent),
      staleTime: Number.POSITIVE_INFINITY,
    });

  // Load the provinces, and the levels down to the current value so it shows with its names.
  // Runs when the value changes from outside (a form reset); picks made here are already in `path`.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `path` and `fetchChildren` are read, not watched
  useEffect(() => {
    const target = value ?? null;
    if (loadedFor.current === target || (target && path[path.length - 1] === target)) return;
    loadedFor.current = target;
    let cancelled = false;
    (async () => {
      let tree: Option[] = (await fetchChildren()).items.map(toOption);
      const chain = target ? regionChain(target) : [];
      const resolved: string[] = [];
      let level = tree;
      for (const code of chain) {
        const node = level.find((o) => o.value === code);
        if (!node) break;
        resolved.push(code);
        if (code === target || node.isLeaf) break;
        const children = (await fetchChildren(code)).items.map(toOption);
        tree = withChildren(tree, resolved, children);
        level = children;
      }
      if (cancelled) return;
      setOptions(tree);
      setPath(resolved[resolved.length - 1] === target ? resolved : []);
    })().catch(() => {
      // Leave the cascader empty; the form still shows the stored value as its placeholder.
    });
    return () => {
      cancelled = true;
    };
  }, [value]);

  const loadData = async (selected: Option[]) => {
    const codes = selected.map((o) => o.value);
    const last = codes[codes.length - 1];
    if (!last) return;
    setOptions((prev) => setLoading(prev, codes));
    try {
      const children = (await fetchChildren(last)).items.map(toOption);
      setOptions((prev) => withChildren(prev, codes, children));
    } catch {
      setOptions((prev) => withChildren(prev, codes, []));
    }
  };

  const unresolved = value && path.length === 0 ? (currentLabel ?? value) : null;

  return (
    <Cascader
      id={id}
      options={options}
      loadData={loadData}
      value={path}
      changeOnSelect
      placeholder={unresolved ?? placeholder}
      onChange={(next) => {
        const codes = (next ?? []) as string[];
        setPath(codes);
        loadedFor.current = codes[codes.length - 1] ?? null;
        onChange?.(codes[codes.length - 1] ?? null);
      }}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      allowClear
    />
  );
}
