import { useQueries, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useSearchParams } from 'react-router';
import type { Role } from '../../../domain/roles.ts';
import { api, keys } from '../../api/endpoints.ts';
import { useMe } from '../../api/session.ts';
import type { Grant } from '../../api/types.ts';
import { useT } from '../../i18n/index.tsx';

interface CountyGroup {
  label: string;
  options: Array<{ value: string; label: string }>;
}

const regionQuery = (parent: string) => ({
  queryKey: keys.regions(parent),
  queryFn: () => api.regions(parent),
  staleTime: 60 * 60_000,
});

/** The counties under a user's bureau grants, grouped by city; a province grant costs one request per city. */
function useCountyGroups(grants: Grant[]): { groups: CountyGroup[]; loading: boolean } {
  const t = useT();
  const cityGrants = grants.filter((g) => g.level === 'city');
  const provinceGrant = grants.find((g) => g.level === 'province');
  const provinceCities = useQuery({
    ...regionQuery(provinceGrant?.regionCode ?? ''),
    enabled: Boolean(provinceGrant?.regionCode),
  });
  const cities = [
    ...cityGrants.map((g) => ({ code: g.regionCode ?? '', name: g.scopeName })),
    ...(provinceCities.data?.items ?? [])
      .filter((r) => r.level === 'city')
      .map((r) => ({ code: r.code, name: r.name })),
  ];
  const counties = useQueries({ queries: cities.map((city) => regionQuery(city.code)) });
  const own = grants.filter((g) => g.level === 'county' && g.regionCode);
  const groups: CountyGroup[] = [];
  if (own.length > 0) {
    groups.push({
      label: t('policy.county.own'),
      options: own.map((g) => ({ value: (g.regionCode ?? '').slice(0, 6), label: g.scopeName })),
    });
  }
  cities.forEach((city, i) => {
    const items = (counties[i]?.data?.items ?? []).filter((r) => r.level === 'county');
    if (items.length > 0)
      groups.push({
        label: city.name,
        options: items.map((r) => ({ value: r.code.slice(0, 6), label: r.name })),
      });
  });
  return { groups, loading: provinceCities.isLoading || counties.some((q) => q.isLoading) };
}

/**
 * Which county a bureau page works on. A county bureau's one county is taken as given; a city or
 * province user picks one, kept in the URL (?county=341802) so reloading stays on it.
 */
export function useCountyChoice(roles: readonly Role[]) {
  const me = useMe();
  const [search, setSearch] = useSearchParams();
  const grants = (me.data?.grants ?? []).filter(
    (g) => roles.includes(g.role) && g.regionCode && ['county', 'city', 'province'].includes(g.level),
  );
  const { groups, loading } = useCountyGroups(grants);
  const only = grants.length === 1 && grants[0]?.level === 'county' ? grants[0] : null;
  const options = groups.flatMap((g) => g.options);
  const wanted = search.get('county');
  const chosen = only
    ? { value: (only.regionCode ?? '').slice(0, 6), label: only.scopeName }
    : (options.find((o) => o.value === wanted) ?? null);
  const choose = (code: string) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('county', code);
        return next;
      },
      { replace: true },
    );
  return {
    countyCode: chosen?.value ?? null,
    countyName: chosen?.label ?? null,
    /** Whether the user has more than one county to choose from. */
    needsPicker: !only && grants.length > 0,
    hasGrant: grants.length > 0,
    picker: { groups, loading, value: chosen?.value, onChange: choose },
  };
}

export function CountyPicker({
  groups,
  loading,
  value,
  onChange,
}: {
  groups: CountyGroup[];
  loading: boolean;
  value: string | undefined;
  onChange: (code: string) => void;
}) {
  const t = useT();
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('policy.county.pick')}
      value={value}
      loading={loading}
      options={groups}
      onChange={onChange}
      className="nol-county-picker"
      popupMatchSelectWidth={false}
      data-testid="county-picker"
    />
  );
}
