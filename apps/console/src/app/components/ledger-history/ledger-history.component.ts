import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { LEDGER_ENTRY_TYPES, type CreditsView, type LedgerEntryType } from '@gateway/contracts';
import { BillingApiService } from '../../api/billing-api.service';
import { NotifyService } from '../../core/notify.service';
import { MoneyPipe, moneyDigits, WhenPipe } from '../../format';
import { rangeProblem } from '../../core/date-range';
import { LEDGER_TYPE_LABELS } from './ledger-query';
import type { Subscription } from 'rxjs';

/** A ledger with its filters (type, From, To) and pages: the caller's own, or one user's for admins. */
@Component({
  selector: 'gw-ledger-history',
  imports: [MatFormFieldModule, MoneyPipe, WhenPipe, MatInputModule, MatPaginatorModule, MatProgressBarModule, MatSelectModule],
  templateUrl: './ledger-history.component.html',
  styleUrl: './ledger-history.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LedgerHistoryComponent {
  private readonly billing = inject(BillingApiService);
  private readonly notify = inject(NotifyService);
  /** Whose ledger: absent for the caller's own. */
  readonly userId = input<string | undefined>(undefined);
  /** Bumped by the page to reload (after an adjustment). */
  readonly reload = input(0);
  protected readonly types = LEDGER_ENTRY_TYPES;
  protected readonly typeLabels = LEDGER_TYPE_LABELS;
  /** One precision for the page's amounts: enough for its smallest charge. */
  protected readonly digits = computed(() => moneyDigits(this.view()?.history.map((e) => e.amountUsd) ?? []));
  protected readonly type = signal<LedgerEntryType | ''>('');
  protected readonly from = signal('');
  protected readonly to = signal('');
  protected readonly page = signal(1);
  protected readonly pageSize = signal(20);
  protected readonly problem = computed(() => rangeProblem(this.from(), this.to()));
  protected readonly loading = signal(false);
  protected readonly view = signal<CreditsView | null>(null);
  private loading$?: Subscription;

  constructor() {
    effect(() => {
      const query = { page: this.page(), pageSize: this.pageSize(), type: this.type(), from: this.from(), to: this.to() };
      const userId = this.userId();
      this.reload();
      if (this.problem()) {
        // Entries of the last valid filters would read as this range's.
        untracked(() => {
          this.loading$?.unsubscribe();
          this.loading.set(false);
          this.view.set(null);
        });
        return;
      }
      untracked(() => this.load(query, userId));
    });
  }

  protected setFilter(apply: () => void): void {
    apply();
    this.page.set(1);
  }

  protected paged(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.page.set(event.pageIndex + 1);
  }

  private load(query: Parameters<BillingApiService['ledger']>[0], userId: string | undefined): void {
    this.loading.set(true);
    // An earlier, slower answer (other filters) must not replace this one.
    this.loading$?.unsubscribe();
    this.loading$ = this.billing.ledger(query, userId).subscribe({
      next: (view) => {
        this.view.set(view);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.notify.fail(err, 'Could not load the credit history');
      },
    });
  }
}
