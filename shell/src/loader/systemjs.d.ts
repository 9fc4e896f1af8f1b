/** SystemJS's minimal loader: a script that installs `globalThis.System` (loaded on demand, ADR 0040). */
declare module 'systemjs/s.js';
