import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from '../history.ts';
import { renderMicroApp } from '../testing/index.ts';
import { Link, useLocation, useRoute } from './index.ts';

const ROUTES = { list: '', detail: '/items/:id' } as const;

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
    // What the SDK left to the browser is recorded, then stopped here (the test page must not navigate).
    const left: boolean[] = [];
    const record = (event: Event): void => {
      left.push(!event.defaultPrevented);
      event.preventDefault();
    };
    window.addEventListener('click', record);
    for (const init of [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }]) {
      link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...init }));
    }
    screen.getByRole('link', { name: '新窗口' }).dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    window.removeEventListener('click', record);
    expect(left).toEqual([true, true, true, true, true, true]);
    expect(history.location.pathname).toBe('/app/demo');
  });

  it('on the address bar (no history of its own) navigates through the shell', () => {
    const navigate = vi.fn();
    renderMicroApp(<Page />, { url: '/app/demo', props: { appId: 'demo', navigate } });
    fireEvent.click(screen.getByRole('link', { name: '项目 7' }));
    expect(navigate).toHaveBeenCalledWith('/app/demo/items/7?q=x');
  });
});
