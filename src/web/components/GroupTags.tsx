import { Tag } from 'antd';
import { SPECIAL_GROUPS } from '../../domain/codes.ts';
import { useCodeLabel } from '../i18n/index.tsx';

export const GROUP_COLORS: Record<string, string> = {
  orphan: 'red',
  unsupported: 'volcano',
  left_behind: 'orange',
  single_parent: 'gold',
  disabled: 'purple',
  poverty_household: 'magenta',
  monitored_household: 'geekblue',
  dibao: 'cyan',
  tekun: 'red',
  struggling: 'blue',
  migrant: 'green',
};

export function GroupTag({ group, ended = false }: { group: string; ended?: boolean }) {
  const label = useCodeLabel();
  return (
    <Tag
      color={ended ? 'default' : (GROUP_COLORS[group] ?? 'default')}
      variant="filled"
      style={{ marginInlineEnd: 4 }}
    >
      {label(SPECIAL_GROUPS, group)}
    </Tag>
  );
}

export function GroupTags({ groups }: { groups: readonly string[] }) {
  if (groups.length === 0) return <span className="nol-muted">—</span>;
  return (
    <span className="nol-tags">
      {groups.map((g) => (
        <GroupTag key={g} group={g} />
      ))}
    </span>
  );
}
