export { AppPart } from './AppPart.tsx';
export type { AppPartProps } from './AppPart.tsx';
export { createLazyReactPart, createReactPart } from './create-react-part.tsx';
export type { PartPropsValidator, ReactPartOptions } from './create-react-part.tsx';
