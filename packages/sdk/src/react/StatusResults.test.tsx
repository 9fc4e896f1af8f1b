import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderMicroApp } from '../testing/index.ts';
import { Forbidden, PageNotFound, RequirePermission } from './index.ts';

describe('the status results of a micro-app', () => {
  it('says which permission is missing and whom to ask, or the sentence the app gives', () => {
    const { unmount } = render(<Forbidden what="柜台收费" />);
    expect(screen.getByText('没有权限')).toBeTruthy();
    expect(screen.getByText('您没有柜台收费权限，请联系管理员开通。')).toBeTruthy();
    unmount();
    render(<Forbidden reason="您没有流程管理权限，不能查看消息投递。" />);
    expect(screen.getByText('您没有流程管理权限，不能查看消息投递。')).toBeTruthy();
  });

  it('names the app in which a path is no page', () => {
    render(<PageNotFound app="电费账务" />);
    expect(screen.getByText('页面不存在')).toBeTruthy();
    expect(screen.getByText('电费账务中没有这个页面。')).toBeTruthy();
  });

  it('opens a page for holders of its permission and answers 没有权限 to anyone else', () => {
    const page = (permission: string, what: string) => (
      <RequirePermission key={what} permission={permission} what={what}>
        {`${what}页面`}
      </RequirePermission>
    );
    renderMicroApp(<>{[page('df:pay:collect', '柜台收费'), page('df:pay:reverse', '缴费冲正')]}</>, { props: { session: { permissions: ['df:pay:collect'] } } });
    expect(screen.getByText('柜台收费页面')).toBeTruthy();
    expect(screen.queryByText('缴费冲正页面')).toBeNull();
    expect(screen.getByText('您没有缴费冲正权限，请联系管理员开通。')).toBeTruthy();
  });
});
