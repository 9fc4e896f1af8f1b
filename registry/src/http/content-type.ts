/**
 * What a file is to the browser. It decides the content type, whether a micro-app bundle may contain the file
 * and how it is served (ADR 0016): only `script` and `style` take effect on the product's origin, and only when
 * a page of the product loads them; everything else is served sandboxed. `document` and `other` types are
 * known so that files stored before uploads were restricted still get an honest content type.
 */
export type AssetKind = 'script' | 'style' | 'data' | 'image' | 'font' | 'document' | 'other';

const TYPES: Record<string, { type: string; kind: AssetKind }> = {
  js: { type: 'text/javascript; charset=utf-8', kind: 'script' },
  mjs: { type: 'text/javascript; charset=utf-8', kind: 'script' },
  css: { type: 'text/css; charset=utf-8', kind: 'style' },
  json: { type: 'application/json; charset=utf-8', kind: 'data' },
  map: { type: 'application/json; charset=utf-8', kind: 'data' },
  svg: { type: 'image/svg+xml', kind: 'image' },
  png: { type: 'image/png', kind: 'image' },
  jpg: { type: 'image/jpeg', kind: 'image' },
  jpeg: { type: 'image/jpeg', kind: 'image' },
  gif: { type: 'image/gif', kind: 'image' },
  webp: { type: 'image/webp', kind: 'image' },
  avif: { type: 'image/avif', kind: 'image' },
  ico: { type: 'image/x-icon', kind: 'image' },
  woff: { type: 'font/woff', kind: 'font' },
  woff2: { type: 'font/woff2', kind: 'font' },
  ttf: { type: 'font/ttf', kind: 'font' },
  otf: { type: 'font/otf', kind: 'font' },
  html: { type: 'text/html; charset=utf-8', kind: 'document' },
  htm: { type: 'text/html; charset=utf-8', kind: 'document' },
  txt: { type: 'text/plain; charset=utf-8', kind: 'other' },
  wasm: { type: 'application/wasm', kind: 'other' },
};

const OPAQUE = { type: 'application/octet-stream', kind: 'other' as const };

function typeOf(path: string): { type: string; kind: AssetKind } {
  const dot = path.lastIndexOf('.');
  const ext = dot >= 0 ? path.slice(dot + 1).toLowerCase() : '';
  return TYPES[ext] ?? OPAQUE;
}

/** Content type by file extension; unknown types are served as opaque bytes (always with nosniff). */
export function contentTypeFor(path: string): string {
  return typeOf(path).type;
}

/** Kinds a micro-app bundle may hold: what it needs to run (issue 9 item 1), never a document. */
const UPLOADABLE: ReadonlySet<AssetKind> = new Set(['script', 'style', 'data', 'image', 'font']);

export function isUploadable(path: string): boolean {
  return UPLOADABLE.has(typeOf(path).kind);
}

/** JavaScript and CSS: served as they are; any other type gets a sandboxing CSP. */
export function isScriptOrStyle(path: string): boolean {
  const { kind } = typeOf(path);
  return kind === 'script' || kind === 'style';
}

/** Text-like types worth compressing; images and fonts are already compressed. */
export function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/(json|javascript|wasm)|image\/svg\+xml)/.test(contentType);
}
