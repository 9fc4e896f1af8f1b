import { describe, expect, it } from 'vitest';
import { getLocation, subscribeLocation } from './index.ts';

describe('location', () => {
  it('reads pathname and search', () => {
    window.history.replaceState(null, '', '/app/x/customers/1?q=1');
    expect(getLocation()).toEqual({ pathname: '/app/x/customers/1', search: '?q=1' });
  });

  it('notifies on popstate and single-spa routing events until disposed', () => {
    let calls = 0;
    const dispose = subscribeLocation(() => calls++);
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.dispatchEvent(new CustomEvent('single-spa:routing-event'));
    expect(calls).toBe(2);
    dispose();
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(calls).toBe(2);
  });
});
