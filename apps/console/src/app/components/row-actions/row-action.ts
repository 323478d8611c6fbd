import type { IconName } from '../icon/icon.component';

/** One action of a table row: inline on a desktop, an item of the row's menu on a phone. */
export interface RowAction {
  /** What the menu item says, and the tooltip of an icon button. */
  label: string;
  run: () => void;
  /** The accessible name when the label alone is ambiguous ("Edit mock-1"). */
  ariaLabel?: string;
  /** With an icon the desktop shows an icon button, without one a text button. */
  icon?: IconName;
  /** Stroked rather than flat text, for the row's main action. */
  stroked?: boolean;
  danger?: boolean;
  disabled?: boolean;
  /** A tooltip that explains more than the label (why it is disabled, say). */
  hint?: string;
  /** Extra class on the desktop button (specs and e2e find buttons by it). */
  class?: string;
}
