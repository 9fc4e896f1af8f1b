import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderMicroApp } from '../testing/index.ts';
import { Authorized, useLocation, useNavigate, usePermission, useServiceClient, useWorkbench } from './index.ts';

function PermissionProbe({ permission }: { permission: string }) {
  return <span>{usePermission(permission) ? 'yes' : 'no'}</span>;
}

describe('session and permission hooks', () => {
  it('usePermission honours explicit keys and the * wildcard', () => {
    renderMicroApp(<PermissionProbe permission="cust:archive:view" />, {
      props: { session: { permissions: ['cust:archive:view'] } },
    });
    expect(screen.getByText('yes')).toBeTruthy();
  });

  it('usePermission is false for a missing key', () => {
    renderMicroApp(<PermissionProbe permission="kf:ticket:dispatch" />, {
      props: { session: { permissions: ['cust:archive:view'] } },
    });
    expect(screen.getByText('no')).toBeTruthy();
  });

  it('Authorized renders children or the fallback', () => {
    renderMicroApp(
      <>
        <Authorized permission="a:b:c">secret</Authorized>
        <Authorized permission="x:y:z" fallback={<span>无权限</span>}>
          hidden
        </Authorized>
      </>,
      { props: { session: { permissions: ['a:b:c'] } } },
    );
    expect(screen.getByText('secret')).toBeTruthy();
    expect(screen.getByText('无权限')).toBeTruthy();
    expect(screen.queryByText('hidden')).toBeNull();
  });

  it('useWorkbench outside a micro-app throws a clear error', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    function Outside() {
      useWorkbench();
      return null;
    }
    expect(() => render(<Outside />)).toThrow(/createReactLifecycles/);
    consoleError.mockRestore();
  });
});

describe('useServiceClient', () => {
  it('throws for a service the app did not declare (caught by the SDK boundary)', () => {
    const reportError = vi.fn();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    function Uses() {
      useServiceClient('billing');
      return null;
    }
    renderMicroApp(<Uses />, { props: { services: { customer: '/api/svc/customer/v1' }, reportError } });
    expect(screen.getByText('应用出现错误')).toBeTruthy();
    expect(String(reportError.mock.calls[0]?.[0])).toMatch(/Service "billing" is not available.*declared: customer/);
    consoleError.mockRestore();
  });
});

describe('useLocation and useNavigate', () => {
  it('re-renders on navigation and parses the search', () => {
    function Where() {
      const { pathname, search } = useLocation();
      const navigate = useNavigate();
      return (
        <button type="button" onClick={() => navigate('/app/test-app/customers/1?q=%E5%BC%A0&page=2')}>
          {pathname}|{search.get('q') ?? '-'}|{search.get('page') ?? '-'}
        </button>
      );
    }
    renderMicroApp(<Where />, { url: '/app/test-app' });
    expect(screen.getByRole('button').textContent).toBe('/app/test-app|-|-');
    act(() => screen.getByRole('button').click());
    expect(screen.getByRole('button').textContent).toBe('/app/test-app/customers/1|张|2');
    act(() => window.history.back());
  });

  it('follows a single-spa routing event after a plain replaceState', () => {
    function Path() {
      return <span data-testid="path">{useLocation().pathname}</span>;
    }
    renderMicroApp(<Path />, { url: '/app/a' });
    act(() => {
      window.history.replaceState(null, '', '/app/b');
      window.dispatchEvent(new CustomEvent('single-spa:routing-event'));
    });
    expect(screen.getByTestId('path').textContent).toBe('/app/b');
  });
});
