// fixture: a lazy shell chunk
export const lazy = true;
