import { HttpResponse, http } from 'msw';
import type { RequestHandler } from 'msw';
import type { PartCatalogue, PartImpact } from '@wb/contracts';
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
      const rows = served();
      const uses = rows.flatMap((r) => (r.manifest.uses ?? []).map((use) => ({ r, use })));
      const parts: PartCatalogue['parts'] = rows.flatMap((r) =>
        (r.manifest.exposes ?? []).map((p) => ({
          appId: r.app.id,
          appName: r.manifest.name,
          version: r.version,
          id: p.id,
          title: p.title,
          ...(p.description === undefined ? {} : { description: p.description }),
          ...(p.permission === undefined ? {} : { permission: p.permission }),
          channels: p.channels,
          major: p.major,
          consumers: uses
            .filter(({ use }) => use.app === r.app.id && use.part === p.id)
            .map(({ r: c, use }) => ({ appId: c.app.id, appName: c.manifest.name, version: c.version, major: use.major, satisfied: use.major === p.major })),
        })),
      );
      const unresolved = uses
        .filter(({ use }) => !parts.some((p) => p.appId === use.app && p.id === use.part))
        .map(({ r, use }) => ({ appId: r.app.id, appName: r.manifest.name, version: r.version, ...use }));
      const edges = new Map<string, { from: string; to: string; parts: string[] }>();
      for (const { r, use } of uses) {
        const edge = edges.get(`${r.app.id}>${use.app}`) ?? { from: r.app.id, to: use.app, parts: [] };
        if (!edge.parts.includes(use.part)) edge.parts.push(use.part);
        edges.set(`${r.app.id}>${use.app}`, edge);
      }
      return HttpResponse.json({ parts, unresolved, edges: [...edges.values()] } satisfies PartCatalogue);
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
