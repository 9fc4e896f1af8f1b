import type { Feed } from '@wb/contracts';
import { PAGE_SCOPE, PartUnavailableError, partMessages } from '@wb/sdk';
import type { PartsCapability } from '@wb/sdk';
import { describePart } from './describe-part.ts';
import type { PartMounterOptions, mountPartInstance as MountPartInstance } from './part-mounter.ts';

/** The instance a capability is for (ADR 0027) and the event scope its parts share (ADR 0030). */
export interface PartsConsumer {
  instanceId: string;
  /** Event scope: the page today (PAGE_SCOPE), the tab's id with tabs. */
  scope?: string;
}

/** The shell's parts service: one capability per mounted instance. */
export interface PartsEnv {
  forInstance(consumer: PartsConsumer): PartsCapability;
}

export interface PartsEnvOptions extends PartMounterOptions {
  /** The current feed (after a post switch or refresh, the new one). */
  getFeed(): Pick<Feed, 'user' | 'channel' | 'parts' | 'apps'>;
}

/**
 * `WorkbenchProps.parts` for every instance (界面部件, ADR 0030). `describe` reads the feed only; `mount` refuses
 * an unavailable part before anything is imported, and loads the mounter code itself on first use, so that
 * pages without parts do not carry it (docs/quality.md P3).
 */
export function createPartsEnv(options: PartsEnvOptions): PartsEnv {
  let sequence = 0;
  const mounter = (): Promise<{ mountPartInstance: typeof MountPartInstance }> => import('./part-mounter.ts');
  const env: PartsEnv = {
    forInstance(consumer) {
      const scope = consumer.scope ?? PAGE_SCOPE;
      return {
        describe: (app, part) => describePart(options.getFeed(), app, part),
        async mount(app, part, domElement, props) {
          const feed = options.getFeed();
          const availability = describePart(feed, app, part);
          if (availability.status !== 'available') throw new PartUnavailableError(availability);
          const provider = feed.apps.find((a) => a.id === app);
          if (!provider) throw new PartUnavailableError({ ...availability, status: 'forbidden', message: partMessages.forbidden(availability.title) });
          sequence += 1;
          const instanceId = `${consumer.instanceId}~${app}.${part}.${sequence}`;
          const { mountPartInstance } = await mounter();
          // A part may assemble parts itself (客户360's slots, ADR 0039), in the same event scope.
          const nested = env.forInstance({ instanceId, scope });
          return mountPartInstance(options, { provider, partId: part, instanceId, consumer: { instanceId: consumer.instanceId, scope }, domElement, props, parts: nested });
        },
      };
    },
  };
  return env;
}
