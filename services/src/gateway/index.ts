export { default as gatewayPlugin, servicePrefix } from './plugin.ts';
export type { GatewayOptions } from './plugin.ts';
export { defineService } from './types.ts';
export type { GatewayService, ServicePlugin } from './types.ts';
