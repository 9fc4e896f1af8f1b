import { HttpResponse, http } from 'msw';
import type { RequestHandler } from 'msw';
import type { PartImpact } from '@wb/contracts';
import { buildPartCatalogue } from '@wb/contracts/appstore';
import type { AppStoreDataset, MockStoreApp } from './dataset.ts';

/**
 * 组件管理 of the app-store mock (ADR 0030): the parts catalogue and a version's impact, computed from the
 * dataset's manifests as the registry computes them from its versions. The impact finds removed parts only;
 * the registry also compares props schemas (registry/src/publish/parts-compat.ts).
 */
export function partsHandlers(base: string, data: AppStoreDataset): RequestHandler[] {
  const served = () =>
    data.apps
      .filter((a) => a.status === 'ACTIVE')
      .flatMap((a) => {
        const current = a.versions.find((v) => v.current);
        const manifest = current ? a.manifests[current.version] : undefined;
        return current && manifest ? [{ app: a, version: current.version, manifest }] : [];
      });
  const nameOf = (app: MockStoreApp): string => app.manifests[app.versions[0]?.version ?? '']?.name ?? app.id;

  return [
    http.get(`${base}/parts`, () => {
      const rows = served().map(({ app, version, manifest }) => ({ appId: app.id, appName: manifest.name, version, exposes: manifest.exposes, uses: manifest.uses }));
      return HttpResponse.json(buildPartCatalogue(rows, rows));
    }),
    http.get(`${base}/parts/impact`, ({ request }) => {
      const url = new URL(request.url);
      const appId = url.searchParams.get('app') ?? '';
      const version = url.searchParams.get('version') ?? '';
      const app = data.apps.find((a) => a.id === appId);
      const manifest = app?.manifests[version];
      if (!app || !manifest) return HttpResponse.json({ error: { code: 'WB_ERR_NOT_FOUND', message: `版本 ${appId}@${version} 不存在` } }, { status: 404 });
      const breaks: PartImpact['breaks'] = served()
        .filter((r) => r.app.id !== appId)
        .flatMap((r) =>
          (r.manifest.uses ?? [])
            .filter((u) => u.app === appId && !(manifest.exposes ?? []).some((p) => p.id === u.part && p.major === u.major))
            .map((u) => ({ consumer: r.app.id, consumerName: nameOf(r.app), part: u.part, major: u.major, reason: `不再提供部件 ${appId}/${u.part} 的主版本 ${u.major}` })),
        );
      return HttpResponse.json({ appId, version, breaks } satisfies PartImpact);
    }),
  ];
}
