import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestParts } from './testing.ts';
import { mountPart } from './mount-part.ts';
import type { WorkbenchLifecycles } from '../props.ts';
import type { PartMountProps } from './mount-props.ts';

/** A framework-free provider part: writes its props into its container. */
function plainPart(failFirstMount = false): WorkbenchLifecycles & { mounts: number } {
  let fail = failFirstMount;
  const render = (p: PartMountProps) => void (p.domElement!.textContent = `户号 ${String(p.partProps['consNo'])}`);
  const part = {
    mounts: 0,
    bootstrap: async () => undefined,
    mount: async (p: unknown) => {
      part.mounts += 1;
      if (fail) {
        fail = false;
        throw new Error('mount failed');
      }
      render(p as PartMountProps);
    },
    update: async (p: unknown) => render(p as PartMountProps),
    unmount: async (p: unknown) => void ((p as PartMountProps).domElement!.textContent = ''),
  };
  return part;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('mountPart (framework-free, ADR 0030)', () => {
  it('mounts, updates and unmounts a part, leaving the host element as it was', async () => {
    const part = plainPart();
    const host = document.body.appendChild(document.createElement('div'));
    const handle = await mountPart(createTestParts({ 'customer-archive/customer-card': { title: '客户卡片', lifecycles: part } }), 'customer-archive', 'customer-card', host, { consNo: '3340100001' });
    expect(host.textContent).toBe('户号 3340100001');
    await handle.update({ consNo: '3340100002' });
    expect(host.textContent).toBe('户号 3340100002');
    await handle.unmount();
    expect(host.childNodes).toHaveLength(0);
  });

  it('shows the placeholder for a forbidden part and never mounts it', async () => {
    const part = plainPart();
    const host = document.body.appendChild(document.createElement('div'));
    const parts = createTestParts({ 'customer-archive/customer-card': { title: '客户卡片', lifecycles: part, status: 'forbidden' } });
    await mountPart(parts, 'customer-archive', 'customer-card', host, { consNo: '3340100001' });
    expect(host.querySelector('[role="note"]')?.textContent).toBe('无权查看：客户卡片');
    expect(part.mounts).toBe(0);
    expect(parts.loads).toEqual([]);
  });

  it('keeps a failed mount inside the host with 重试, which mounts it again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const part = plainPart(true);
    const host = document.body.appendChild(document.createElement('div'));
    await mountPart(createTestParts({ 'customer-archive/customer-card': { title: '客户卡片', lifecycles: part } }), 'customer-archive', 'customer-card', host, { consNo: '3340100001' });
    const alert = host.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('部件「客户卡片」加载失败');
    alert?.querySelector('button')?.click();
    await vi.waitFor(() => expect(host.textContent).toBe('户号 3340100001'));
    expect(part.mounts).toBe(2);
  });
});
