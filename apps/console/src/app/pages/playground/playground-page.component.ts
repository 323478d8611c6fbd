import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { catchError, of, tap } from 'rxjs';
import { ChatMessage, ChatUsage, GatewayApiService } from '../../api/gateway-api.service';
import { ModelsApiService } from '../../api/models-api.service';
import { IconComponent } from '../../components/icon/icon.component';
import { errorText } from '../../core/api-error';
import { CountPipe, MoneyPipe } from '../../format';
import { NotifyService } from '../../core/notify.service';

interface Turn extends ChatMessage {
  usage?: ChatUsage;
  costUsd?: number | null;
  error?: string;
}

@Component({
  selector: 'gw-playground-page',
  imports: [
    CountPipe,
    FormsModule,
    IconComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MoneyPipe,
  ],
  templateUrl: './playground-page.component.html',
  styleUrl: './playground-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PlaygroundPageComponent {
  private readonly gateway = inject(GatewayApiService);
  private readonly notify = inject(NotifyService);

  protected readonly model = signal('');
  protected readonly system = signal('');
  protected readonly prompt = signal('');
  protected readonly turns = signal<Turn[]>([]);
  protected readonly streaming = signal(false);
  protected readonly models = toSignal(
    this.gateway.models().pipe(
      tap((ids) => !this.model() && ids.length && this.model.set(ids[0])),
      catchError((err: unknown) => {
        this.notify.fail(err, 'Could not load models');
        return of<string[]>([]);
      }),
    ),
  );
  private readonly prices = toSignal(inject(ModelsApiService).list().pipe(catchError(() => of([]))), { initialValue: [] });
  protected readonly price = computed(() => this.prices().find((m) => m.name === this.model()) ?? null);
  protected readonly session = computed(() =>
    this.turns().reduce(
      (t, turn) => ({
        prompt: t.prompt + (turn.usage?.prompt_tokens ?? 0),
        completion: t.completion + (turn.usage?.completion_tokens ?? 0),
        cost: t.cost + (turn.costUsd ?? 0),
      }),
      { prompt: 0, completion: 0, cost: 0 },
    ),
  );
  private abort: AbortController | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.abort?.abort());
  }

  protected async send(): Promise<void> {
    const text = this.prompt().trim();
    if (!text || !this.model() || this.streaming()) return;
    const history: ChatMessage[] = this.turns()
      .filter((t) => !t.error)
      .map(({ role, content }) => ({ role, content }));
    const messages: ChatMessage[] = [
      ...(this.system().trim() ? [{ role: 'system' as const, content: this.system().trim() }] : []),
      ...history,
      { role: 'user', content: text },
    ];
    this.turns.update((t) => [...t, { role: 'user', content: text }, { role: 'assistant', content: '' }]);
    this.prompt.set('');
    this.streaming.set(true);
    this.abort = new AbortController();
    const model = this.model();
    try {
      await this.gateway.streamChat(
        model,
        messages,
        {
          delta: (chunk) => this.patchLast((t) => ({ ...t, content: t.content + chunk })),
          usage: (usage) => this.patchLast((t) => ({ ...t, usage, costUsd: this.cost(usage) })),
        },
        this.abort.signal,
      );
    } catch (err) {
      if ((err as Error)?.name !== 'AbortError') {
        this.patchLast((t) => ({ ...t, error: errorText(err) }));
        this.notify.fail(err, 'The chat failed');
      }
    } finally {
      this.streaming.set(false);
      this.abort = null;
    }
  }

  protected stop(): void {
    this.abort?.abort();
  }

  protected clear(): void {
    this.turns.set([]);
  }

  protected keydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.send();
    }
  }

  /** tokens × the model's per-million prices; null when the price is unknown. */
  private cost(usage: ChatUsage): number | null {
    const price = this.price();
    if (!price) return null;
    return (usage.prompt_tokens * price.inputPriceUsdPerMTok + usage.completion_tokens * price.outputPriceUsdPerMTok) / 1e6;
  }

  private patchLast(patch: (turn: Turn) => Turn): void {
    this.turns.update((turns) => [...turns.slice(0, -1), patch(turns[turns.length - 1])]);
  }
}
