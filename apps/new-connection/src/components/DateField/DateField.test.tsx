// 业扩's date fields: antd's DatePicker in zh_CN on plain calendar dates, "今天" in Asia/Shanghai (issue 17).
import { useState } from 'react';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderMicroApp } from '@wb/sdk/testing';
import { DateField } from './DateField.tsx';

afterEach(() => {
  vi.useRealTimers();
});

function Harness({ initial }: { initial?: string }) {
  const [value, setValue] = useState<string | undefined>(initial);
  return (
    <>
      <DateField id="d" value={value} onChange={setValue} />
      <output data-testid="value">{value ?? '(none)'}</output>
    </>
  );
}

describe('DateField', () => {
  it('shows the form value, picks a day from a Chinese calendar and gives back YYYY-MM-DD', async () => {
    renderMicroApp(<Harness initial="2026-11-27" />, { url: '/app/new-connection' });
    const input = screen.getByRole('textbox') as HTMLInputElement;
    expect(input.value).toBe('2026-11-27');
    act(() => {
      fireEvent.mouseDown(input);
      fireEvent.click(input);
    });
    // antd's zh_CN locale through the SDK's providers, dayjs's zh-cn for the week.
    const year = await screen.findByLabelText('选择年份');
    expect(year.textContent).toBe('2026年');
    const panel = document.querySelector<HTMLElement>('.ant-picker-dropdown')!;
    expect([...panel.querySelectorAll('thead th')].map((h) => h.textContent)).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    fireEvent.click(within(panel).getByTitle('2026-11-12'));
    expect(screen.getByTestId('value').textContent).toBe('2026-11-12');
  });

  it('"今天" is the business day in Asia/Shanghai, whatever the browser zone thinks', async () => {
    // 2026-11-26 17:30 UTC is already 2026-11-27 01:30 in Beijing.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T17:30:00Z'));
    renderMicroApp(<Harness />, { url: '/app/new-connection' });
    const input = screen.getByRole('textbox') as HTMLInputElement;
    expect(input.value).toBe('');
    act(() => {
      fireEvent.mouseDown(input);
      fireEvent.click(input);
    });
    fireEvent.click(await screen.findByRole('button', { name: /今\s*天/ }));
    expect(screen.getByTestId('value').textContent).toBe('2026-11-27');
    expect(input.value).toBe('2026-11-27');
  });
});
