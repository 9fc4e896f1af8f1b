/**
 * 客户360 slots that other apps fill with their own parts (ADR 0030, ADR 0039): each names the business data and
 * the app that provides it as a part with props `{ consNo }`. 客户档案 has no API for any of these — it declares
 * only the `customer` service, which holds the account and its meters — so each slot assembles the provider's
 * part, and shows a labelled placeholder while no provider in this deployment exposes it. The manifest declares
 * every slot as an *optional* use (`uses[].optional`), so publishing 客户档案 never waits for a provider that in
 * turn uses 客户360 (客服工单).
 */
export interface Customer360Slot {
  key: string;
  title: string;
  /** The app that provides the part (its id), and its name as users know it. */
  providerApp: string;
  providerName: string;
  /** The provider's part id (manifest `uses`, optional, major 1). */
  part: string;
}

export const CUSTOMER_360_SLOTS: readonly Customer360Slot[] = [
  { key: 'connection', title: '业扩申请', providerApp: 'new-connection', providerName: '业扩报装', part: 'customer-applications' },
  { key: 'tickets', title: '工单历史', providerApp: 'service-tickets', providerName: '95598 工单', part: 'customer-tickets' },
  { key: 'outages', title: '停电信息', providerApp: 'service-tickets', providerName: '95598 工单', part: 'customer-outages' },
  { key: 'billing', title: '电费', providerApp: 'billing', providerName: '电费收费', part: 'customer-bills' },
];
