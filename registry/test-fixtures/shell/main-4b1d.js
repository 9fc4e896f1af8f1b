// fixture: stands in for the shell entry
import('./chunk-77aa.js');
export {};
