export type RecordKey = string | number;

/**
 * One person as the linkage engine sees them, on either side. The importer has already
 * normalised the values (IDs trimmed and upper-cased, 15-digit IDs upgraded where possible,
 * names Simplified); the engine still tolerates what normalisation cannot repair. A missing
 * name is ''.
 */
export type LinkRecord = {
  key: RecordKey;
  idNumber: string | null;
  name: string;
  /** GB/T 2261.1: '1' male, '2' female. */
  sex: '1' | '2' | null;
  /** YYYY-MM-DD */
  birthDate: string | null;
  /** Household region, 6 to 12 digits of the statistical division code. */
  regionCode?: string | null;
};

export type LinkDecision = 'auto' | 'review' | 'confirmed';

export const LINK_REASON_LABELS = {
  exact_id: '身份证号一致',
  id_one_digit: '身份证号一位不同',
  id_transposed: '身份证号两位颠倒',
  id_15_18: '15 位与 18 位身份证号对应',
  id_differs: '身份证号不同',
  id_missing: '身份证号缺失',
  name_exact: '姓名一致',
  name_homophone: '姓名同音',
  name_initials: '姓名拼音首字母相同',
  name_differs: '姓名不同',
  name_missing: '姓名缺失',
  birth_date_exact: '出生日期一致',
  birth_day_month_swapped: '出生日期日月颠倒',
  birth_date_differs: '出生日期不同',
  birth_date_missing: '出生日期缺失',
  sex_agrees: '性别一致',
  sex_differs: '性别不同',
  sex_missing: '性别缺失',
  region_same_township: '户籍在同一乡镇',
  region_same_county: '户籍在同一县区',
  region_differs: '户籍地不同',
  ambiguous: '有分数相近的其他候选记录',
  confirmed: '已人工确认',
} as const;

export type LinkReason = keyof typeof LINK_REASON_LABELS;

export type Link = {
  listKey: RecordKey;
  registryKey: RecordKey;
  /** Match probability, 0 to 1. */
  score: number;
  decision: LinkDecision;
  /** Shared between links with the same comparison outcome: never mutate. */
  reasons: readonly LinkReason[];
};

/**
 * A reviewer's verdict on a pair. The list side is named by `listFingerprint` because list rows
 * are renumbered by every import, while the registry key (the student) is stable.
 */
export type PairDecision = {
  listFingerprint: string;
  registryKey: RecordKey;
  verdict: 'confirmed' | 'rejected';
};

export type LinkOptions = {
  /** Links scoring at least this are accepted without review. */
  autoThreshold?: number;
  /** Links scoring at least this, but below autoThreshold, go to review; lower ones are dropped. */
  reviewThreshold?: number;
  /** false: exact ID matching only (the baseline the probabilistic step is measured against). */
  probabilistic?: boolean;
  decisions?: readonly PairDecision[];
};

/** What identifies a list row across re-imports of the same list. */
export function listFingerprint(record: Pick<LinkRecord, 'idNumber' | 'name' | 'birthDate'>): string {
  return `${record.idNumber ?? ''}|${record.name}|${record.birthDate ?? ''}`;
}
