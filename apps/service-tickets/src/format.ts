/** A fresh Idempotency-Key for one form fill. */
export const newIdempotencyKey = (): string => globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
