import { useEffect, useState } from 'react';

/** `Date.now()`, re-read every `intervalMs` while the component is mounted: the SLA countdowns of 客服工单 and 电费账务 tick with it. */
export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
