import { DatePicker } from 'antd';
import dayjs from 'dayjs';

interface Props {
  value?: string | null;
  onChange?: (value: string | null) => void;
  disabled?: boolean;
  placeholder?: string;
  /** Dates after this YYYY-MM-DD cannot be picked. */
  max?: string;
  id?: string;
  'data-testid'?: string;
}

/** A DatePicker whose value is the API's 'YYYY-MM-DD' string rather than a dayjs object. */
export function DateField({ value, onChange, disabled, placeholder, max, id, ...rest }: Props) {
  const parsed = value ? dayjs(value, 'YYYY-MM-DD') : null;
  return (
    <DatePicker
      id={id}
      value={parsed?.isValid() ? parsed : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : null)}
      format="YYYY-MM-DD"
      disabled={disabled}
      placeholder={placeholder}
      disabledDate={max ? (d) => d.format('YYYY-MM-DD') > max : undefined}
      inputReadOnly
      style={{ width: '100%' }}
      data-testid={rest['data-testid']}
    />
  );
}
