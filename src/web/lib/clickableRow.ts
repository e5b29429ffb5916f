import type { HTMLAttributes, MouseEvent } from 'react';

/** Table row props that open a record on click, except when the click was on a link inside the row. */
export function clickableRow(testId: string, open: () => void): HTMLAttributes<HTMLElement> {
  return {
    'data-testid': testId,
    className: 'nol-clickable-row',
    onClick: (event: MouseEvent<HTMLElement>) => {
      if (!(event.target as HTMLElement).closest('a')) open();
    },
  } as HTMLAttributes<HTMLElement>;
}
