import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { attachmentListSchema, attachmentSchema, type Attachment, type AttachmentKind } from '@wb/contracts/attachments';
import { CONNECTION_SERVICE } from '@wb/contracts/connection';
import type { ServiceClient } from '@wb/sdk';
import { useServiceClient, useWorkbench } from '@wb/sdk/react';
import { connectionKeys } from './connection.ts';

/** 业扩附件 (issue 17, ADR 0067): query keys below the application's. */
export const attachmentKeys = {
  list: (appNo: string) => [...connectionKeys.detail(appNo), 'attachments'] as const,
};

/**
 * One file as a `multipart/form-data` body with a single part `file`, sent through the SDK's raw-body upload (the
 * SDK itself stays as it is: it is part of the shell's first paint). The name goes as UTF-8, as browsers send it.
 */
function multipartBody(file: File): { body: Blob; contentType: string } {
  const boundary = `----wb-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  // Browsers' own escaping of a file name inside the quoted header parameter.
  const name = file.name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`;
  return { body: new Blob([head, file, `\r\n--${boundary}--\r\n`]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads one file to an application (the server checks type, size and who may add it). */
export function uploadAttachment(client: ServiceClient, appNo: string, kind: AttachmentKind, file: File, signal?: AbortSignal): Promise<Attachment> {
  const { body, contentType } = multipartBody(file);
  return client.post(`/applications/${appNo}/attachments?kind=${kind}`, body, { contentType, schema: attachmentSchema, ...(signal ? { signal } : {}) });
}

const useClient = () => useServiceClient(CONNECTION_SERVICE.name);

export function useConnectionClient(): ServiceClient {
  return useClient();
}

export function useAttachments(appNo: string) {
  const client = useClient();
  return useQuery({
    queryKey: attachmentKeys.list(appNo),
    queryFn: ({ signal }) => client.get(`/applications/${appNo}/attachments`, { schema: attachmentListSchema, signal }),
  });
}

export function useDeleteAttachment(appNo: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => client.delete(`/applications/${appNo}/attachments/${id}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: attachmentKeys.list(appNo) }),
  });
}

/** The URL of an attachment's bytes (thumbnails, downloads): the service's base URL from the mount props. */
export function useAttachmentUrl(): (attachment: Pick<Attachment, 'appNo' | 'id'>, download?: boolean) => string {
  const { services } = useWorkbench();
  const base = services[CONNECTION_SERVICE.name] ?? '';
  return (a, download = false) => `${base}/applications/${a.appNo}/attachments/${a.id}/content${download ? '?download=1' : ''}`;
}
