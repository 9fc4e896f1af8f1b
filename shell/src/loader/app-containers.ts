/**
 * One DOM element per micro-app instance (ADR 0027: keyed by `instanceId`, which for an app's route-bound
 * instance is its app id), created once and kept for the page's life: single-spa hands it to the instance as
 * `domElement` on every mount, and the shell's content area attaches it while the instance is shown.
 * The element is the shell's, not React's, so React never reconciles over what the app rendered into it.
 */
export interface AppContainers {
  get(instanceId: string): HTMLElement;
  /** Removes one instance's element (the instance is gone for good, e.g. its tab closed). */
  release(instanceId: string): void;
  dispose(): void;
}

export function createAppContainers(doc: Document = document): AppContainers {
  const elements = new Map<string, HTMLElement>();
  return {
    get(instanceId) {
      let element = elements.get(instanceId);
      if (!element) {
        element = doc.createElement('div');
        element.id = `wb-app-${instanceId.replace(/[^A-Za-z0-9_-]/g, '-')}`;
        element.className = 'wb-app-container';
        element.dataset['wbInstance'] = instanceId;
        elements.set(instanceId, element);
      }
      return element;
    },
    release(instanceId) {
      elements.get(instanceId)?.remove();
      elements.delete(instanceId);
    },
    dispose() {
      for (const element of elements.values()) element.remove();
      elements.clear();
    },
  };
}
