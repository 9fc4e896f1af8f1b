import { act, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { createTestPush, renderMicroApp } from '../testing/index.ts';
import type { PushChannel } from '../props.ts';
import { usePushEvent } from './index.ts';

function Probe({ topic, onData }: { topic: 'notification' | 'inbox'; onData: (data: unknown) => void }) {
  const open = usePushEvent(topic, onData);
  return <span>{open ? '已连接' : '未连接'}</span>;
}

describe('usePushEvent (the shell push stream for apps, ADR 0059)', () => {
  it('hears its topic only, tells whether the stream is open, and lets go on unmount', async () => {
    const push = createTestPush({ open: false });
    const onData = vi.fn();
    const { unmount } = renderMicroApp(<Probe topic="notification" onData={onData} />, { props: { push: push.push } });
    await waitFor(() => expect(push.listeners()).toBe(1));
    expect(screen.getByText('未连接')).toBeTruthy();
    act(() => push.setOpen(true));
    expect(screen.getByText('已连接')).toBeTruthy();

    act(() => push.emit('inbox', { reason: 'task' }));
    expect(onData).not.toHaveBeenCalled();
    act(() => push.emit('notification', { unread: 3 }));
    expect(onData).toHaveBeenCalledWith({ unread: 3 });

    act(() => push.setOpen(false));
    expect(screen.getByText('未连接')).toBeTruthy();
    unmount();
    expect(push.listeners()).toBe(0);
  });

  it('shares one channel: several subscribers load it once each and the latest handler is called', async () => {
    const push = createTestPush();
    const load = vi.fn(push.push);
    const heard: string[] = [];
    function Two() {
      const [label, setLabel] = useState('first');
      usePushEvent('inbox', () => heard.push(label));
      usePushEvent('inbox', () => heard.push('other'));
      return (
        <button type="button" onClick={() => setLabel('second')}>
          {label}
        </button>
      );
    }
    renderMicroApp(<Two />, { props: { push: load } });
    await waitFor(() => expect(push.listeners()).toBe(2));
    act(() => screen.getByRole('button').click());
    act(() => push.emit('inbox'));
    // The handler of the latest render, without resubscribing.
    expect(heard).toEqual(['second', 'other']);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('is closed (polling goes on) outside the shell and when the channel does not load', async () => {
    renderMicroApp(<Probe topic="inbox" onData={() => undefined} />);
    expect(screen.getByText('未连接')).toBeTruthy();
    const failing = (): Promise<PushChannel> => Promise.reject(new Error('chunk failed'));
    renderMicroApp(<Probe topic="inbox" onData={() => undefined} />, { props: { push: failing } });
    await act(async () => Promise.resolve());
    expect(screen.getAllByText('未连接')).toHaveLength(2);
  });
});
