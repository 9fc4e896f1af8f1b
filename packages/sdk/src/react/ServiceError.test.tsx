import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, ResponseError } from '@wb/contracts';
import { QueryError } from './index.ts';

const refused = new ResponseError(409, { code: ErrorCode.Conflict, message: '该申请已被他人处理' });

describe('<QueryError>', () => {
  it("shows the query's service error and 重试 refetches that query", () => {
    const refetch = vi.fn(() => Promise.resolve());
    render(<QueryError query={{ error: refused, isFetching: false, refetch }} title="申请加载失败" />);
    expect(screen.getByText('申请加载失败')).toBeTruthy();
    expect(screen.getByText('该申请已被他人处理')).toBeTruthy();
    expect(screen.getByText(`（${ErrorCode.Conflict}）`)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it('spins 重试 while the query fetches again, and shows no internals of an unknown error', () => {
    render(<QueryError query={{ error: new TypeError('x is undefined'), isFetching: true, refetch: () => Promise.resolve() }} title="加载失败" />);
    expect(screen.getByText('发生未知错误，请稍后重试')).toBeTruthy();
    expect(screen.queryByText(/x is undefined/)).toBeNull();
    expect(screen.getByRole('button', { name: /重\s*试/ }).className).toMatch(/ant-btn-loading/);
  });

  it('answers a 404 or 403 with the service’s words and no 重试: asking again would say the same', () => {
    const missing = new ResponseError(404, { code: ErrorCode.NotFound, message: '未找到该客户' });
    const { unmount } = render(<QueryError query={{ error: missing, isFetching: false, refetch: () => Promise.resolve() }} title="账户信息加载失败" />);
    expect(screen.getByText('未找到该客户')).toBeTruthy();
    expect(screen.queryByText('账户信息加载失败')).toBeNull();
    expect(screen.queryByRole('button', { name: /重\s*试/ })).toBeNull();
    unmount();
    const forbidden = new ResponseError(403, { code: ErrorCode.NotAllowed, message: '无权查看该客户' });
    render(<QueryError query={{ error: forbidden, isFetching: false, refetch: () => Promise.resolve() }} title="账户信息加载失败" />);
    expect(screen.getByText('无权查看该客户')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /重\s*试/ })).toBeNull();
  });
});
