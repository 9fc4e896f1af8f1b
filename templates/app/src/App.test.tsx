import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { renderMicroApp, serveMocks } from '@wb/sdk/testing';
import { App } from './App.tsx';
import { CUSTOMER_BASE, handlers } from './mocks/handlers.ts';

const requests = serveMocks(setupServer(...handlers), CUSTOMER_BASE);

function renderApp(url = '/app/__APP_ID__') {
  return renderMicroApp(<App />, { url, props: { appId: '__APP_ID__', services: { customer: CUSTOMER_BASE } } });
}

describe('__APP_NAME__', () => {
  it('searches customers through the customer service', async () => {
    renderApp();
    await userEvent.type(screen.getByRole('searchbox', { name: '查询客户' }), '张三{Enter}');
    const table = await screen.findByRole('table');
    expect(await within(table).findByText('江州市滨河路 18 号 2 幢')).toBeTruthy();
    expect(requests.filter('GET', '/customers')).toHaveLength(1);
  });

  it('links within the app below its basePath', async () => {
    renderApp();
    const link = screen.getByRole('link', { name: '关于本应用' });
    expect(link.getAttribute('href')).toBe('/app/__APP_ID__/about');
    await userEvent.click(link);
    expect(await screen.findByText(/由 npm run new-app 生成的示例应用/)).toBeTruthy();
  });
});
