// Dev harness: runs 掌上电力 alone (`npm run dev -w apps/customer-portal`) against msw mocks, mounted as the shell mounts
// it on the customer channel (ADR 0045): under /c/, for the shell's visitor without post, role or permission; the app
// signs the customer in itself (phone + code; here every code is 123456, as the page's header says). Never part of the
// production build (entry: src/main.ts).
//
// Paying leaves the app twice (to the provider's checkout and back): two page loads, which the service worker does not
// answer (navigations). So the mock's data lives in sessionStorage (close the tab to start afresh), and on the
// checkout's address this page shows the mock's checkout, whose form posts go through the worker.
import { CUSTOMER_VISITOR, servicePath } from '@wb/contracts';
import { CUSTOMER_PORTAL_SERVICE } from '@wb/contracts/customer-portal';
import { createCustomerPortalDataset, customerPortalHandlers, type CustomerPortalDataset } from '@wb/mocks';
import { startMockWorker } from '@wb/mocks/browser';
import { createDevHarness } from '@wb/sdk/dev';
import * as entry from '../main.ts';

const API = servicePath(CUSTOMER_PORTAL_SERVICE);
const STORE = 'wb-dev:customer-portal';

const saved = sessionStorage.getItem(STORE);
const dataset = saved ? (JSON.parse(saved) as CustomerPortalDataset) : createCustomerPortalDataset();

async function startMocks(): Promise<void> {
  const worker = await startMockWorker(customerPortalHandlers({ dataset, delayMs: 300, code: () => '123456' }));
  worker.events.on('response:mocked', () => sessionStorage.setItem(STORE, JSON.stringify(dataset)));
}

/** The provider's checkout as the mock serves it; its forms post through the worker, then the browser goes where it answers. */
async function showCheckout(): Promise<void> {
  await startMocks();
  const container = document.getElementById('app')!;
  container.innerHTML = await (await fetch(window.location.pathname)).text();
  container.addEventListener('submit', (event) => {
    event.preventDefault();
    const action = new FormData(event.target as HTMLFormElement).get('action');
    void fetch(window.location.pathname, { method: 'POST', body: new URLSearchParams({ action: String(action) }) }).then((back) => window.location.assign(back.url));
  });
}

// On the customer channel, for the shell's visitor (no post, role or permission).
const harness = createDevHarness({
  appId: 'customer-portal',
  lifecycles: entry,
  user: CUSTOMER_VISITOR,
  basePath: '/c/app/customer-portal',
  services: { [CUSTOMER_PORTAL_SERVICE.name]: API },
  startMocks,
});

void (window.location.pathname.startsWith(`${API}/sim-pay/checkout/`) ? showCheckout() : harness.start());
