import { useMutation, useQuery } from '@tanstack/react-query';
import { kioskApplicationSchema, kioskOutageListSchema, kioskTariffListSchema } from '@wb/contracts/indicators';
import { useIndicatorsClient } from './indicators.ts';

const kioskKeys = {
  outages: () => ['indicators', 'kiosk', 'outages'] as const,
  tariffs: () => ['indicators', 'kiosk', 'tariffs'] as const,
};

/** 停电信息: refreshed every minute (a hall screen stays open all day). */
export function useKioskOutages() {
  const client = useIndicatorsClient();
  return useQuery({
    queryKey: kioskKeys.outages(),
    queryFn: ({ signal }) => client.get('/kiosk/outages', { schema: kioskOutageListSchema, signal }),
    refetchInterval: 60_000,
  });
}

export function useKioskTariffs() {
  const client = useIndicatorsClient();
  return useQuery({
    queryKey: kioskKeys.tariffs(),
    queryFn: ({ signal }) => client.get('/kiosk/tariffs', { schema: kioskTariffListSchema, signal }),
    staleTime: 60 * 60_000,
  });
}

/** 业扩进度 lookup: a request per press of 查询, not cached (the customer's number is theirs alone). */
export function useKioskApplicationLookup() {
  const client = useIndicatorsClient();
  return useMutation({
    mutationFn: (input: { appNo: string; phone4: string }) =>
      client.get(`/kiosk/applications/${encodeURIComponent(input.appNo)}`, { schema: kioskApplicationSchema, query: { phone4: input.phone4 } }),
  });
}
