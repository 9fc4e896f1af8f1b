import { describe, expect, it, vi } from 'vitest';
import { createEventHub } from './bus.ts';

describe('event hub (ADR 0030)', () => {
  it('delivers a validated payload to the subscribers of the raiser’s scope only, with its source', () => {
    const hub = createEventHub();
    const intake = hub.connect({ appId: 'service-tickets', instanceId: 'service-tickets', scope: 'tab-1' });
    const card = hub.connect({ appId: 'customer-archive', instanceId: 'service-tickets~card', scope: 'tab-1' });
    const other = hub.connect({ appId: 'billing', instanceId: 'billing', scope: 'tab-2' });
    const heard = vi.fn();
    const elsewhere = vi.fn();
    intake.subscribe('customer.selected', heard);
    other.subscribe('customer.selected', elsewhere);
    card.publish('customer.selected', { consNo: '3340100001' });
    expect(heard).toHaveBeenCalledWith({ consNo: '3340100001' }, { appId: 'customer-archive', instanceId: 'service-tickets~card' });
    expect(elsewhere).not.toHaveBeenCalled();
  });

  it('refuses a payload outside the event’s schema and an unknown event, delivering nothing', () => {
    const hub = createEventHub();
    const a = hub.connect({ appId: 'a', instanceId: 'a', scope: 'page' });
    const heard = vi.fn();
    a.subscribe('ticket.created', heard);
    expect(() => a.publish('ticket.created', { no: '', consNo: '1' })).toThrow();
    // @ts-expect-error -- an extra key is refused at compile time and at run time (strict schemas)
    expect(() => a.publish('ticket.created', { no: 'GD1', secret: 'x' })).toThrow();
    // @ts-expect-error -- not a declared event
    expect(() => a.publish('customer.deleted', {})).toThrow(/unknown workbench event/);
    expect(heard).not.toHaveBeenCalled();
  });

  it('ends every subscription of an instance on release, and one by its disposer', () => {
    const hub = createEventHub();
    const a = hub.connect({ appId: 'a', instanceId: 'a', scope: 'page' });
    const b = hub.connect({ appId: 'b', instanceId: 'b', scope: 'page' });
    const heardA = vi.fn();
    const heardB = vi.fn();
    a.subscribe('customer.selected', heardA);
    a.subscribe('ticket.created', heardA);
    const off = b.subscribe('customer.selected', heardB);
    expect(hub.subscriptionCount('a')).toBe(2);
    hub.release('a');
    off();
    b.publish('customer.selected', { consNo: '3340100001' });
    expect(heardA).not.toHaveBeenCalled();
    expect(heardB).not.toHaveBeenCalled();
    expect(hub.subscriptionCount()).toBe(0);
  });

  it('keeps delivering when one handler throws, and reports it', () => {
    const onHandlerError = vi.fn();
    const hub = createEventHub({ onHandlerError });
    const a = hub.connect({ appId: 'a', instanceId: 'a', scope: 'page' });
    const after = vi.fn();
    a.subscribe('customer.selected', () => {
      throw new Error('boom');
    });
    a.subscribe('customer.selected', after);
    a.publish('customer.selected', { consNo: '3340100001' });
    expect(after).toHaveBeenCalledTimes(1);
    expect(onHandlerError).toHaveBeenCalledWith(expect.any(Error), { appId: 'a', instanceId: 'a' }, 'customer.selected');
  });
});
