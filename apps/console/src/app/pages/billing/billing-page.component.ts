import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { ModelView, UserView } from '@gateway/contracts';
import { catchError, of } from 'rxjs';
import { ModelsApiService } from '../../api/models-api.service';
import { UsersApiService } from '../../api/users-api.service';
import { BudgetBarComponent } from '../../components/budget-bar/budget-bar.component';
import { LedgerHistoryComponent } from '../../components/ledger-history/ledger-history.component';
import { CountPipe, MoneyPipe } from '../../format';
import { usableModels } from '../../core/usable-models';
import { errorText } from '../../core/api-error';

/** Every user's billing: balance, tier and its limits, budget, the prices they pay, the whole ledger. */
@Component({
  selector: 'gw-billing-page',
  imports: [BudgetBarComponent, CountPipe, LedgerHistoryComponent, MatButtonModule, MoneyPipe, RouterLink],
  templateUrl: './billing-page.component.html',
  styleUrl: './billing-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BillingPageComponent {
  /** What could not be loaded, in words: an empty card would read as "nothing there". */
  protected readonly profileError = signal<string | null>(null);
  protected readonly pricesError = signal<string | null>(null);
  protected readonly me = toSignal(
    inject(UsersApiService)
      .profile()
      .pipe(catchError((err: unknown) => (this.profileError.set(`Could not load your balance and tier: ${errorText(err)}`), of(null as UserView | null)))),
    { initialValue: null },
  );
  private readonly models = toSignal(
    inject(ModelsApiService)
      .list()
      .pipe(catchError((err: unknown) => (this.pricesError.set(`Could not load the prices: ${errorText(err)}`), of([] as ModelView[])))),
    { initialValue: [] as ModelView[] },
  );
  protected readonly prices = computed(() => usableModels(this.models(), this.me()?.tier));
}
