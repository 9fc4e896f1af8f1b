// bpmn-auto-layout 1.x ships no types; this declares the one function the workflow service uses.
declare module 'bpmn-auto-layout' {
  /** Lays out the (first) process of BPMN XML and answers the XML with a diagram interchange (DI) section added. */
  export function layoutProcess(xml: string): Promise<string>;
}
