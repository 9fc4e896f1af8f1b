import type { WorkbenchLifecycles, WorkbenchProps } from '../props.ts';
import type { PartProps } from './types.ts';

/** What a provider's part lifecycles receive: the provider app's props for its own instance, plus the part's. */
export interface PartMountProps extends WorkbenchProps {
  partId: string;
  /** The consumer's props, as sent (the SDK's `createReactPart` validates them against its schema). */
  partProps: PartProps;
  /** The consumer instance the part is mounted in. */
  hostInstanceId: string;
}

/** What a provider's entry module exports as `parts`: part id (manifest `exposes[].id`) → parcel lifecycles. */
export type WorkbenchParts = Record<string, WorkbenchLifecycles>;
