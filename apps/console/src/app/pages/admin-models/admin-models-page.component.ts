import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { ModelView, PricingCatalogEntryView, ProviderView } from '@gateway/contracts';
import { catchError, filter, forkJoin, of, switchMap } from 'rxjs';
import { ModelsApiService } from '../../api/models-api.service';
import { PricingApiService } from '../../api/pricing-api.service';
import { ProvidersApiService } from '../../api/providers-api.service';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../components/confirm-dialog/confirm-dialog.component';
import { IconComponent } from '../../components/icon/icon.component';
import { ModelFormData, ModelFormDialogComponent } from '../../components/model-form-dialog/model-form-dialog.component';
import { RowAction } from '../../components/row-actions/row-action';
import { RowActionsComponent } from '../../components/row-actions/row-actions.component';
import { TableWrapDirective } from '../../components/table-wrap/table-wrap.directive';
import { formatMoney, MoneyPipe, moneyDigits } from '../../format';
import { NotifyService } from '../../core/notify.service';

@Component({
  selector: 'gw-admin-models-page',
  imports: [IconComponent, MatButtonModule, MatProgressBarModule, MatTableModule, MatTooltipModule, MoneyPipe, RowActionsComponent, TableWrapDirective],
  templateUrl: './admin-models-page.component.html',
  styleUrl: '../admin-providers/admin-providers-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminModelsPageComponent {
  private readonly modelsApi = inject(ModelsApiService);
  private readonly providersApi = inject(ProvidersApiService);
  private readonly pricingApi = inject(PricingApiService);
  /** The catalog's entry for each upstream model a model is first routed to (one lookup per distinct id). */
  private readonly catalog = signal(new Map<string, PricingCatalogEntryView>());
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(NotifyService);
  protected readonly loading = signal(true);
  protected readonly models = signal<ModelView[]>([]);
  protected readonly providers = signal<ProviderView[]>([]);
  protected readonly providerNames = computed(() => new Map(this.providers().map((p) => [p.id, p.name])));
  protected readonly columns = ['name', 'targets', 'prices', 'tiers', 'enabled', 'actions'];
  /** One number of decimals for the whole price column ($0.15 and $0.075 line up as $0.150 and $0.075). */
  protected readonly priceDigits = computed(() => moneyDigits(this.models().flatMap((m) => [m.inputPriceUsdPerMTok, m.outputPriceUsdPerMTok])));

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    forkJoin({ models: this.modelsApi.list(), providers: this.providersApi.list() }).subscribe({
      next: ({ models, providers }) => {
        this.models.set(models);
        this.providers.set(providers);
        this.loading.set(false);
        this.loadCatalog(models);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.notify.fail(err, 'Could not load models');
      },
    });
  }

  /** Where the model's prices differ from the catalog's for its first target, what the catalog says. */
  protected catalogWarning(model: ModelView): string | null {
    const upstream = model.targets[0]?.upstreamModel;
    const entry = upstream ? this.catalog().get(upstream) : undefined;
    if (!entry) return null;
    const differs = (mine: number | null | undefined, listed: number | null) => listed !== null && mine != null && Math.abs(mine - listed) > 1e-9;
    const cacheDiffers = model.cacheReadPriceUsdPerMTok != null && differs(model.cacheReadPriceUsdPerMTok, entry.cacheReadPriceUsdPerMTok);
    if (!differs(model.inputPriceUsdPerMTok, entry.inputPriceUsdPerMTok) && !differs(model.outputPriceUsdPerMTok, entry.outputPriceUsdPerMTok) && !cacheDiffers) return null;
    const price = (usd: number | null) => formatMoney(usd ?? 0, moneyDigits([usd]));
    const cache = entry.cacheReadPriceUsdPerMTok !== null ? `, cache read ${price(entry.cacheReadPriceUsdPerMTok)}` : '';
    return `Catalog (${entry.provider} ${entry.id}): ${price(entry.inputPriceUsdPerMTok)} / ${price(entry.outputPriceUsdPerMTok)} per MTok${cache}`;
  }

  private loadCatalog(models: ModelView[]): void {
    const upstreams = [...new Set(models.map((m) => m.targets[0]?.upstreamModel).filter((u): u is string => !!u))];
    if (!upstreams.length) return;
    // The catalog is a hint: a failed lookup shows no flag rather than an error.
    forkJoin(upstreams.map((u) => this.pricingApi.catalog(u, 1).pipe(catchError(() => of([]))))).subscribe((results) => {
      const found = new Map<string, PricingCatalogEntryView>();
      results.forEach((items, i) => items[0] && found.set(upstreams[i], items[0]));
      this.catalog.set(found);
    });
  }

  protected actionsFor(m: ModelView): RowAction[] {
    return [
      { label: 'Edit', ariaLabel: `Edit ${m.name}`, icon: 'edit', run: () => this.edit(m) },
      { label: 'Delete', ariaLabel: `Delete ${m.name}`, icon: 'delete', danger: true, run: () => this.remove(m) },
    ];
  }

  protected targetText(model: ModelView): string {
    return model.targets
      .map((t) => `${t.providerName ?? this.providerNames().get(t.providerId) ?? 'unknown'} → ${t.upstreamModel} (p${t.priority}, w${t.weight})`)
      .join('; ');
  }

  protected edit(model: ModelView | null): void {
    if (!this.providers().length) {
      this.notify.fail('Add a provider first: a model needs at least one target');
      return;
    }
    this.dialog
      .open<ModelFormDialogComponent, ModelFormData, ModelView>(ModelFormDialogComponent, {
        data: { model, providers: this.providers() },
        width: '760px',
        maxWidth: '95vw',
      })
      .afterClosed()
      .pipe(filter((saved): saved is ModelView => !!saved))
      .subscribe((saved) => {
        this.notify.ok(`Model "${saved.name}" saved`);
        this.load();
      });
  }

  protected remove(model: ModelView): void {
    const data: ConfirmDialogData = {
      title: 'Delete this model?',
      message: `Calls to "${model.name}" will answer 404. Keys that list it keep the name.`,
      confirm: 'Delete model',
    };
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .pipe(
        filter(Boolean),
        switchMap(() => this.modelsApi.remove(model.id)),
      )
      .subscribe({
        next: () => {
          this.notify.ok(`Model "${model.name}" deleted`);
          this.load();
        },
        error: (err: unknown) => this.notify.fail(err, 'Could not delete the model'),
      });
  }
}
