import { Grid } from 'antd';
import { Fragment, type ReactElement, type ReactNode } from 'react';

/** True on a phone: narrower than antd's `md` breakpoint (768 px), the switch every app on `mobile` uses (ADR 0115). */
export function useNarrowScreen(): boolean {
  return Grid.useBreakpoint().md === false;
}

export interface TaskPageLayoutProps {
  /** What the user does now: a refusal or "moved on" notice, the step's form. */
  action: ReactNode;
  /** The item the step is about: its data. */
  data: ReactNode;
}

/**
 * A task page's two halves in the order its screen wants (ADR 0115): on a phone (a crew on site) the step's form
 * before the item's data, on a wider screen the data first. Keyed, so a phone turned sideways and back reorders them
 * without remounting the form: what was typed stays.
 */
export function TaskPageLayout({ action, data }: TaskPageLayoutProps): ReactElement {
  const narrow = useNarrowScreen();
  const halves = [<Fragment key="data">{data}</Fragment>, <Fragment key="action">{action}</Fragment>];
  return <>{narrow ? halves.reverse() : halves}</>;
}
