// fixture: stands in for the shared React build
export const version = '19.2.0';
export default { version };
