/** What every BPMN document of the workflow tests shares: the head (BPMN and `wb:` namespaces), a one-process wrapper, and the refusal check. */
import { BpmnError, parseBpmn } from '../bpmn.ts';

/** `<?xml …?>` and the opening `<definitions>` with the BPMN and `wb:` namespaces. */
export const BPMN_HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:wb="http://wb.example/schema/bpmn" id="defs" targetNamespace="http://wb.example/test">`;

/** A document of one process `p` (测试) holding `body`; `processAttrs` are added to `<process>`. */
export const wrapProcess = (body: string, processAttrs = ''): string => `${BPMN_HEAD}
  <process id="p" name="测试"${processAttrs}>${body}</process>
</definitions>`;

/** The message of the BpmnError that deploying `xml` answers; any other outcome fails the test. */
export async function bpmnRefusal(xml: string): Promise<string> {
  try {
    await parseBpmn(xml);
  } catch (error) {
    if (error instanceof BpmnError) return error.message;
    throw error;
  }
  throw new Error('accepted');
}
