import { describe, expect, it, vi } from 'vitest';
import { createLeaveGuardRegistry } from './leave-guards.ts';

describe('leave guard registry', () => {
  it('lists dirty guards with owner and message, and notifies only when the dirty set changes', () => {
    const registry = createLeaveGuardRegistry();
    const listener = vi.fn();
    registry.subscribe(listener);
    const guard = registry.forOwner('@wb-app/a').add();
    expect(registry.dirty()).toEqual([]);
    expect(listener).not.toHaveBeenCalled();

    guard.set(true, '受理登记未提交');
    expect(registry.dirty()).toEqual([{ owner: '@wb-app/a', dirty: true, message: '受理登记未提交' }]);
    expect(listener).toHaveBeenCalledTimes(1);
    guard.set(true, '受理登记未提交');
    expect(listener).toHaveBeenCalledTimes(1);

    guard.set(false);
    expect(registry.dirty()).toEqual([]);
    expect(listener).toHaveBeenCalledTimes(2);
    guard.remove();
    guard.remove();
    guard.set(true);
    expect(registry.dirty()).toEqual([]);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('gives one object per owner, so a re-render keeps the same prop', () => {
    const registry = createLeaveGuardRegistry();
    expect(registry.forOwner('@wb-app/a')).toBe(registry.forOwner('@wb-app/a'));
    expect(registry.forOwner('@wb-app/a')).not.toBe(registry.forOwner('@wb-app/b'));
  });

  it('drops every guard of an owner (its app unmounted or broke) and leaves the others', () => {
    const registry = createLeaveGuardRegistry();
    const listener = vi.fn();
    registry.subscribe(listener);
    registry.forOwner('@wb-app/a').add().set(true);
    registry.forOwner('@wb-app/a').add().set(true);
    registry.forOwner('@wb-app/b#w').add().set(true);
    listener.mockClear();
    registry.drop('@wb-app/a');
    expect(registry.dirty().map((entry) => entry.owner)).toEqual(['@wb-app/b#w']);
    expect(listener).toHaveBeenCalledTimes(1);
    registry.drop('@wb-app/a');
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('coerces what untyped plain apps pass', () => {
    const registry = createLeaveGuardRegistry();
    const guard = registry.forOwner('plain').add();
    (guard.set as (dirty: unknown, message?: unknown) => void)('yes', 42);
    expect(registry.dirty()).toEqual([]);
    (guard.set as (dirty: unknown, message?: unknown) => void)(true, 42);
    expect(registry.dirty()).toEqual([{ owner: 'plain', dirty: true, message: undefined }]);
  });
});
