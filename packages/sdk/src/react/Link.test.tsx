import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from '../history.ts';
import { renderMicroApp } from '../testing/index.ts';
import { Link, WorkbenchLink, useLocation, useRoute } from './index.ts';

const ROUTES = { list: '', detail: '/items/:id' } as const;

const MODIFIED_CLICKS = [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }];

/**
 * Clicks each link as `init` says and answers, per click, whether the SDK left it to the browser (did not prevent
 * its default); the click is then stopped here, so that the test page does not navigate.
 */
function leftToBrowser(clicks: Array<[HTMLElement, MouseEventInit]>): boolean[] {
  const left: boolean[] = [];
  const record = (event: Event): void => {
    left.push(!event.defaultPrevented);
    event.preventDefault();
  };
  window.addEventListener('click', record);
  for (const [link, init] of clicks) link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...init }));
  window.removeEventListener('click', record);
  return left;
}

function Page() {
  const match = useRoute(ROUTES);
  const { search } = useLocation();
  return (
    <>
      <output>{match ? `${match.route}:${match.params['id'] ?? ''}:${search.get('q') ?? ''}` : 'none'}</output>
      <Link to="/items/7?q=x">项目 7</Link>
      <Link to="" target="_blank">新窗口</Link>
    </>
  );
}

describe('<Link>', () => {
  it('renders a real href below the basePath, and a plain click navigates this instance only', () => {
    const history = createMemoryHistory('/app/demo');
    const navigate = vi.fn();
    renderMicroApp(<Page />, { props: { appId: 'demo', history, navigate } });
    const link = screen.getByRole('link', { name: '项目 7' });
    expect(link.getAttribute('href')).toBe('/app/demo/items/7?q=x');
    expect(screen.getByRole('status').textContent).toBe('list::');
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    act(() => void link.dispatchEvent(click));
    expect(click.defaultPrevented).toBe(true);
    expect(history.location).toEqual({ pathname: '/app/demo/items/7', search: '?q=x' });
    expect(screen.getByRole('status').textContent).toBe('detail:7:x');
    // The shell's page-level navigation is not used for routes inside the app.
    expect(navigate).not.toHaveBeenCalled();
  });

  it('leaves modifier-clicks, other buttons and other targets to the browser', () => {
    const history = createMemoryHistory('/app/demo');
    renderMicroApp(<Page />, { props: { appId: 'demo', history } });
    const link = screen.getByRole('link', { name: '项目 7' });
    const clicks: Array<[HTMLElement, MouseEventInit]> = MODIFIED_CLICKS.map((init) => [link, init]);
    clicks.push([screen.getByRole('link', { name: '新窗口' }), {}]);
    expect(leftToBrowser(clicks)).toEqual([true, true, true, true, true, true]);
    expect(history.location.pathname).toBe('/app/demo');
  });

  it('on the address bar (no history of its own) navigates through the shell', () => {
    const navigate = vi.fn();
    renderMicroApp(<Page />, { url: '/app/demo', props: { appId: 'demo', navigate } });
    fireEvent.click(screen.getByRole('link', { name: '项目 7' }));
    expect(navigate).toHaveBeenCalledWith('/app/demo/items/7?q=x');
  });
});

describe('<WorkbenchLink>', () => {
  it('renders the site path as its href, and a plain click navigates the shell, not this instance', () => {
    const history = createMemoryHistory('/app/demo');
    const navigate = vi.fn();
    renderMicroApp(<WorkbenchLink href="/app/billing/counter/3300000001">收费</WorkbenchLink>, { props: { appId: 'demo', history, navigate } });
    const link = screen.getByRole('link', { name: '收费' });
    expect(link.getAttribute('href')).toBe('/app/billing/counter/3300000001');
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    act(() => void link.dispatchEvent(click));
    expect(click.defaultPrevented).toBe(true);
    expect(navigate).toHaveBeenCalledWith('/app/billing/counter/3300000001');
    expect(history.location.pathname).toBe('/app/demo');
  });

  it('leaves modifier-clicks and other buttons to the browser (a new tab keeps this page)', () => {
    const navigate = vi.fn();
    renderMicroApp(<WorkbenchLink href="/app/billing">电费</WorkbenchLink>, { props: { appId: 'demo', navigate } });
    const link = screen.getByRole('link', { name: '电费' });
    expect(leftToBrowser(MODIFIED_CLICKS.map((init) => [link, init]))).toEqual([true, true, true, true, true]);
    expect(navigate).not.toHaveBeenCalled();
  });
});
