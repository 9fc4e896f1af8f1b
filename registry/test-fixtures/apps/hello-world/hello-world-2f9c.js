// fixture micro-app: single-spa lifecycles without the SDK
export async function bootstrap() {}
export async function mount(props) { props.domElement.textContent = '你好'; }
export async function unmount(props) { props.domElement.textContent = ''; }
