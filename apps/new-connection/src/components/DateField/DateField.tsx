import { Button, DatePicker } from 'antd';
import dayjs from 'dayjs';
// The platform's shared locale module (the shell loads it too): the calendar's weeks and months in Chinese.
import 'dayjs/locale/zh-cn';
import type { Dayjs } from 'dayjs';
import { businessToday } from '@wb/sdk/react';

const FORMAT = 'YYYY-MM-DD';

export interface DateFieldProps {
  /** A calendar date, `2026-11-27` (what the contract's date fields take), or nothing. */
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
}

/**
 * antd's DatePicker on plain `YYYY-MM-DD` strings (issue 17): the picker works in dayjs (the platform's shared
 * module, locale zh-cn set by the shell; antd's zh_CN through the SDK's providers), the form and the contract in
 * calendar dates. A date has no time zone, so none is converted; "今天" is the business's day in Asia/Shanghai
 * (the SDK's `businessToday`), not the browser's, which may sit in another zone.
 */
export function DateField({ value, onChange, id }: DateFieldProps) {
  const picked = value ? dayjs(value) : null;
  return (
    <DatePicker
      id={id}
      style={{ width: '100%' }}
      format={FORMAT}
      value={picked?.isValid() ? picked : null}
      placeholder="请选择日期"
      showNow={false}
      onChange={(day: Dayjs | null) => onChange?.(day ? day.format(FORMAT) : undefined)}
      renderExtraFooter={() => (
        <Button type="link" size="small" onClick={() => onChange?.(businessToday())}>
          今天
        </Button>
      )}
    />
  );
}
