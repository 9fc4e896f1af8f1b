// Dev harness: runs 掌上电力 alone (`npm run dev -w apps/customer-portal`) against msw mocks, mounted as the shell mounts
// it on the customer channel (ADR 0045): under /c/, for the shell's visitor without post, role or permission; the app
// signs the customer in itself (phone + code; here every code is 123456, as the page's header says). Never part of the
// production build (entry: src/main.ts).
//
// Paying leaves the app twice (to the provider's checkout and back): two page loads, which the service worker does not
// answer (navigations). So the mock's data lives in sessionStorage (close the tab to start afresh), and on the
// checkout's address this page shows the mock's checkout, whose form posts go through the worker.
import { servicePath, type SessionUser } from '@wb/contracts';
import { CUSTOMER_PORTAL_SERVICE } from '@wb/contracts/customer-portal';
import { createCustomerPortalDataset, customerPortalHandlers, type CustomerPortalDataset } from '@wb/mocks';
import { startMockWorker } from '@wb/mocks/browser';
import { createDevHarness } from '@wb/sdk/dev';
import * as entry from '../main.ts';

const API = servicePath(CUSTOMER_PORTAL_SERVICE);
/** The customer channel's prefix (the shell's basename `/c`) before the app's own base. */
const BASE_PATH = '/c/app/customer-portal';
const STORE = 'wb-dev:customer-portal';

const saved = sessionStorage.getItem(STORE);
const dataset = saved ? (JSON.parse(saved) as CustomerPortalDataset) : createCustomerPortalDataset();

// createDevHarness gives the props of a staff app at /app/<id>; the channel's mount differs in its base and session:
// the shell's CUSTOMER_VISITOR, without post, role or permission.
const { props } = createDevHarness({
  appId: 'customer-portal',
  lifecycles: entry,
  user: { id: 'customer', username: 'customer', displayName: '客户', roles: [], permissions: [], post: { code: '', name: '', orgUnitCode: '', orgUnitName: '' } },
  services: { [CUSTOMER_PORTAL_SERVICE.name]: API },
});
const session: SessionUser = { ...props.session, posts: [], activePost: null };

/** The provider's checkout as the mock serves it; its forms post through the worker, then the browser goes where it answers. */
async function showCheckout(container: HTMLElement): Promise<void> {
  container.innerHTML = await (await fetch(window.location.pathname)).text();
  container.addEventListener('submit', (event) => {
    event.preventDefault();
    const action = new FormData(event.target as HTMLFormElement).get('action');
    void fetch(window.location.pathname, { method: 'POST', body: new URLSearchParams({ action: String(action) }) }).then((back) => window.location.assign(back.url));
  });
}

async function start(): Promise<void> {
  const worker = await startMockWorker(customerPortalHandlers({ dataset, delayMs: 300, code: () => '123456' }));
  worker.events.on('response:mocked', () => sessionStorage.setItem(STORE, JSON.stringify(dataset)));
  const container = document.getElementById('app')!;
  if (window.location.pathname.startsWith(`${API}/sim-pay/checkout/`)) return showCheckout(container);
  if (!window.location.pathname.startsWith(BASE_PATH)) window.history.replaceState(null, '', BASE_PATH);
  await entry.mount({ ...props, basePath: BASE_PATH, session, domElement: container });
}

void start();
