import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { ModelView } from '@gateway/contracts';
import { catchError, map, of } from 'rxjs';
import { ModelsApiService } from '../../api/models-api.service';
import { IconComponent } from '../../components/icon/icon.component';
import { AuthService } from '../../core/auth.service';
import { copyText } from '../../core/copy-text';
import { NotifyService } from '../../core/notify.service';
import { formatMoney, MoneyPipe } from '../../format';
import { longContextNote, priceRows, usableModels } from '../../core/usable-models';

/** Every user's price list: the models their tier may use, with all their prices per million tokens. */
@Component({
  selector: 'gw-model-catalogue-page',
  imports: [IconComponent, MatButtonModule, MoneyPipe, MatFormFieldModule, MatInputModule, MatProgressBarModule, RouterLink],
  templateUrl: './model-catalogue-page.component.html',
  styleUrl: './model-catalogue-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ModelCataloguePageComponent {
  private readonly clipboard = inject(Clipboard);
  private readonly notify = inject(NotifyService);
  protected readonly auth = inject(AuthService);
  protected readonly priceRows = priceRows;
  protected readonly search = signal('');
  /** The list failed to load: the page says so, not that no model is open to the tier. */
  protected readonly failed = signal(false);
  private readonly all = toSignal(
    inject(ModelsApiService)
      .list()
      .pipe(
        map((models) => models as ModelView[] | null),
        catchError((err: unknown) => {
          this.notify.fail(err, 'Could not load models');
          this.failed.set(true);
          return of([] as ModelView[]);
        }),
      ),
    { initialValue: null },
  );
  protected readonly loading = computed(() => this.all() === null);
  protected readonly models = computed(() => {
    const term = this.search().trim().toLowerCase();
    return usableModels(this.all() ?? [], this.auth.user()?.tier).filter((m) => !term || m.name.toLowerCase().includes(term) || (m.description ?? '').toLowerCase().includes(term));
  });

  protected longContext(m: ModelView): string | null {
    return longContextNote(m, (v) => formatMoney(v, 'auto'));
  }

  protected async copy(name: string): Promise<void> {
    if (await copyText(name, this.clipboard)) this.notify.ok(`Copied "${name}"`);
    else this.notify.fail('Could not copy: select the name and copy it by hand');
  }
}
