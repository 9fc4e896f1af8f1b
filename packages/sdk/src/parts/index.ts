export { PartUnavailableError, partMessages } from './types.ts';
export type { MountedPart, PartAvailability, PartProps, PartsCapability, PartUnavailableReason } from './types.ts';
export type { PartMountProps, WorkbenchParts } from './mount-props.ts';
export { mountPart } from './mount-part.ts';
export type { PartHandle } from './mount-part.ts';
