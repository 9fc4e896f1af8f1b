/** SystemJS's minimal loader (`s.js`) as a file of the shell's build: its URL (Vite `?url`, ADR 0040, ADR 0087). */
declare module 'systemjs/s.js?url' {
  const url: string;
  export default url;
}
