import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import type { ModelView } from '@gateway/contracts';
import { catchError, of } from 'rxjs';
import { ModelsApiService } from '../../api/models-api.service';
import { CodeSnippetsComponent } from '../../components/code-snippets/code-snippets.component';
import { AuthService } from '../../core/auth.service';
import { agentSettings, KEY_VARIABLE, snippetsFor } from '../../core/snippets';
import { usableModels } from '../../core/usable-models';

/** From a key to a working call: the gateway's real address and ready-to-copy code for a model. */
@Component({
  selector: 'gw-quick-start-page',
  imports: [CodeSnippetsComponent, MatButtonModule, MatFormFieldModule, MatSelectModule, RouterLink],
  templateUrl: './quick-start-page.component.html',
  styles: `
    .gw-kv { display: grid; grid-template-columns: auto 1fr; gap: 6px 16px; margin: 0; }
    .gw-kv dt { color: var(--mat-sys-on-surface-variant); }
    .gw-kv dd { margin: 0; overflow-wrap: anywhere; }
    @media (max-width: 600px) { .gw-kv { grid-template-columns: 1fr; } .gw-kv dd { margin-bottom: 8px; } }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QuickStartPageComponent {
  private readonly auth = inject(AuthService);
  /** `?model=` from the catalogue's "Code" link. */
  readonly requested = input<string | undefined>(undefined, { alias: 'model' });
  protected readonly baseUrl = window.location.origin;
  protected readonly keyVariable = KEY_VARIABLE;
  /** Undefined until the list arrives: no placeholder call and no "no models" hint meanwhile. */
  private readonly all = toSignal(inject(ModelsApiService).list().pipe(catchError(() => of([] as ModelView[]))));
  protected readonly loading = computed(() => this.all() === undefined);
  protected readonly models = computed(() => usableModels(this.all() ?? [], this.auth.user()?.tier).map((m) => m.name));
  private readonly picked = signal<string | null>(null);
  protected readonly model = computed(() => {
    const names = this.models();
    const wanted = this.picked() ?? this.requested();
    return wanted && names.includes(wanted) ? wanted : (names[0] ?? 'MODEL');
  });
  protected readonly snippets = computed(() => snippetsFor({ baseUrl: this.baseUrl, model: this.model(), format: 'openai', messages: [{ role: 'user', content: 'Hello!' }] }));
  protected readonly agents = computed(() => agentSettings(this.baseUrl, this.model()));

  protected pick(name: string): void {
    this.picked.set(name);
  }
}
