import { BreakpointObserver } from '@angular/cdk/layout';
import { inject, Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

/** Below this width tables read as cards (the stylesheet's `$gw-phone` says the same). */
export const PHONE_QUERY = '(max-width: 699.98px)';

/** Whether the viewport is phone-sized, as a signal; call in an injection context. */
export function phoneLayout(): Signal<boolean> {
  return toSignal(
    inject(BreakpointObserver)
      .observe(PHONE_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
}
