/**
 * 客户360 slots that other apps fill later (ADR 0030): each names the business data and the app expected to
 * provide it as a part. 客户档案 has no API for any of these — it declares only the `customer` service, which
 * holds the account and its meters — so each slot is shown empty and says who will fill it; nothing is invented.
 * To fill one, the providing app exposes a part with props `{ consNo }` and this list names it in `part`.
 */
export interface Customer360Slot {
  key: string;
  title: string;
  /** The app expected to provide the part (its id), and its name as users know it. */
  providerApp: string;
  providerName: string;
  /** The provider's part id once it exists; until then the slot stays an empty, labelled placeholder. */
  part?: string;
}

export const CUSTOMER_360_SLOTS: readonly Customer360Slot[] = [
  { key: 'connection', title: '业扩申请', providerApp: 'new-connection', providerName: '业扩报装' },
  { key: 'tickets', title: '工单历史', providerApp: 'service-tickets', providerName: '95598 工单' },
  { key: 'outages', title: '停电信息', providerApp: 'outage', providerName: '停电管理' },
  { key: 'billing', title: '电费', providerApp: 'billing', providerName: '电费收费' },
];
