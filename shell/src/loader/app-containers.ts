/**
 * One DOM element per micro-app, created once and kept for the page's life: single-spa hands it to the app
 * as `domElement` on every mount, and the shell's content area attaches it while the app's route is shown.
 * The element is the shell's, not React's, so React never reconciles over what the app rendered into it.
 */
export interface AppContainers {
  get(appId: string): HTMLElement;
  dispose(): void;
}

export function createAppContainers(doc: Document = document): AppContainers {
  const elements = new Map<string, HTMLElement>();
  return {
    get(appId) {
      let element = elements.get(appId);
      if (!element) {
        element = doc.createElement('div');
        element.id = `wb-app-${appId}`;
        element.className = 'wb-app-container';
        elements.set(appId, element);
      }
      return element;
    },
    dispose() {
      for (const element of elements.values()) element.remove();
      elements.clear();
    },
  };
}
