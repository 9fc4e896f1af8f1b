import { Button, Result, Spin } from 'antd';
import type { ReactElement } from 'react';
import { useRoute } from '@wb/sdk/react';
import { useMe } from './api.ts';
import { AccountPage } from './pages/AccountPage.tsx';
import { ApplicationPage } from './pages/ApplicationPage.tsx';
import { BindPage } from './pages/BindPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { PayPage } from './pages/PayPage.tsx';
import { RepairPage } from './pages/RepairPage.tsx';
import { ResultPage } from './pages/ResultPage.tsx';
import { CONS_NO, ROUTES } from './routes.ts';

/** 掌上电力: signed out → the login page (phone + code); signed in → the page of the route. */
export function App(): ReactElement {
  const me = useMe();
  const match = useRoute(ROUTES);
  if (me.isPending) return <Spin style={{ display: 'block', marginTop: 80 }} />;
  if (me.isError) return <Result status="error" title="加载失败" subTitle={me.error.message} extra={<Button onClick={() => void me.refetch()}>重试</Button>} />;
  if (!me.data) return <LoginPage />;
  const consNo = match?.params['consNo'];
  switch (match?.route) {
    case undefined:
    case 'home':
    case 'login':
      return <HomePage me={me.data} />;
    case 'bind':
      return <BindPage />;
    case 'account':
      return consNo && CONS_NO.test(consNo) ? <AccountPage consNo={consNo} /> : <NotFound />;
    case 'pay':
      return consNo && CONS_NO.test(consNo) ? <PayPage consNo={consNo} /> : <NotFound />;
    case 'repair':
      return consNo && CONS_NO.test(consNo) ? <RepairPage consNo={consNo} /> : <NotFound />;
    case 'result':
      return <ResultPage outTradeNo={match.search.get('outTradeNo') ?? ''} />;
    case 'application':
      return <ApplicationPage />;
  }
}

function NotFound(): ReactElement {
  return <Result status="404" title="页面不存在" />;
}
