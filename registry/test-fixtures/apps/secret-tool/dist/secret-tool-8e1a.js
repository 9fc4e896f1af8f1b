// fixture micro-app with a lazy chunk
export async function bootstrap() {}
export async function mount(props) { const { label } = await import('./chunks/label-31c0.js'); props.domElement.textContent = label; }
export async function unmount(props) { props.domElement.textContent = ''; }
