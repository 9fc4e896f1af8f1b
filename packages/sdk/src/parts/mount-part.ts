import type { MountedPart, PartProps, PartsCapability } from './types.ts';
import { partMessages } from './types.ts';

/** A framework-free part on the page: `update` passes new props, `unmount` removes it and its fallback. */
export interface PartHandle {
  update(props: PartProps): Promise<void>;
  unmount(): Promise<void>;
}

/**
 * Mounts another app's part (界面部件, ADR 0030) without React: a placeholder when the viewer may not see it
 * (no provider code requested), a fallback with 重试 when loading or mounting fails. `parts` is the instance's
 * `WorkbenchProps.parts`.
 */
export async function mountPart(
  parts: PartsCapability | undefined,
  app: string,
  part: string,
  domElement: HTMLElement,
  props: PartProps,
): Promise<PartHandle> {
  const holder = document.createElement('div');
  holder.dataset['wbPart'] = `${app}/${part}`;
  domElement.appendChild(holder);
  let current: MountedPart | null = null;
  let latest = props;
  let gone = false;

  const note = (text: string, retry?: () => void): void => {
    const box = document.createElement('div');
    box.setAttribute('role', retry ? 'alert' : 'note');
    box.textContent = text;
    if (retry) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = partMessages.retry;
      button.addEventListener('click', retry, { once: true });
      box.append(' ', button);
    }
    holder.replaceChildren(box);
  };

  const attempt = async (): Promise<void> => {
    holder.replaceChildren();
    if (!parts) return note(partMessages.noHost);
    const availability = parts.describe(app, part);
    if (availability.status !== 'available') return note(availability.message);
    const container = document.createElement('div');
    holder.replaceChildren(container);
    try {
      const mounted = await parts.mount(app, part, container, latest);
      if (gone) return void (await mounted.unmount());
      current = mounted;
    } catch {
      // The shell has reported it; the failure stays inside this holder.
      if (!gone) note(partMessages.failed(availability.title), () => void attempt());
    }
  };

  await attempt();
  return {
    async update(next) {
      latest = next;
      await current?.update(next);
    },
    async unmount() {
      gone = true;
      const mounted = current;
      current = null;
      await mounted?.unmount();
      holder.remove();
    },
  };
}
