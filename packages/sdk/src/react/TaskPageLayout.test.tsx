import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskPageLayout } from './TaskPageLayout.tsx';

/** The window's width as a phone or a PC has it (antd's breakpoints read media queries of the window). */
function widthOf(width: number): void {
  // happy-dom's own control of the window (its type is not in the browser's lib).
  (window as unknown as { happyDOM: { setViewport(size: { width: number; height: number }): void } }).happyDOM.setViewport({ width, height: 800 });
  window.dispatchEvent(new Event('resize'));
}

afterEach(() => widthOf(1024));

function Page() {
  return <TaskPageLayout action={<input aria-label="现场情况" />} data={<section aria-label="工单数据" />} />;
}

const order = (): string[] => [...document.querySelectorAll('input, section')].map((el) => el.getAttribute('aria-label') ?? '');

describe('TaskPageLayout', () => {
  it('puts the step’s form first on a phone and the data first on a PC, keeping what was typed when the screen turns', async () => {
    widthOf(390);
    render(<Page />);
    expect(order()).toEqual(['现场情况', '工单数据']);
    const field = screen.getByLabelText('现场情况') as HTMLInputElement;
    field.value = '表箱进线开关烧毁';
    await act(async () => widthOf(844));
    expect(order()).toEqual(['工单数据', '现场情况']);
    // The same element, moved, not a new one: its value is still there.
    expect(screen.getByLabelText('现场情况')).toBe(field);
    expect(field.value).toBe('表箱进线开关烧毁');
    await act(async () => widthOf(390));
    expect(order()).toEqual(['现场情况', '工单数据']);
    expect(screen.getByLabelText('现场情况')).toBe(field);
  });
});
