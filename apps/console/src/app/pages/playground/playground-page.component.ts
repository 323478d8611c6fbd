import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { catchError, of, tap } from 'rxjs';
import { ChatMessage, ChatRequest, ChatUsage, GatewayApiService } from '../../api/gateway-api.service';
import { ModelsApiService } from '../../api/models-api.service';
import { IconComponent } from '../../components/icon/icon.component';
import { errorText } from '../../core/api-error';
import { CountPipe, MoneyPipe } from '../../format';
import { NotifyService } from '../../core/notify.service';
import { snippetsFor, type ApiFormat, type SnippetMessage } from '../../core/snippets';
import { PlaygroundCodeDialogComponent } from './playground-code-dialog.component';

interface Turn extends ChatMessage {
  /** The model that produced a reply (or that a message was sent to): kept when the selection changes. */
  model: string;
  usage?: ChatUsage;
  costUsd?: number | null;
  error?: string;
}

/** A number field's text as a setting: empty is "the model's default" (null); out of range is invalid (NaN). */
export function numberSetting(text: string, min: number, max: number, integer = false): number | null {
  if (!text.trim()) return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value)) ? value : NaN;
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
  private readonly dialog = inject(MatDialog);

  protected readonly model = signal('');
  /** `?model=` from the price list's "Try in the playground". */
  readonly requested = input<string | undefined>(undefined, { alias: 'model' });
  protected readonly format = signal<ApiFormat>('openai');
  protected readonly temperatureText = signal('');
  protected readonly maxTokensText = signal('');
  protected readonly temperature = computed(() => numberSetting(this.temperatureText(), 0, 2));
  protected readonly maxTokens = computed(() => numberSetting(this.maxTokensText(), 1, 200_000, true));
  protected readonly temperatureBad = computed(() => Number.isNaN(this.temperature()));
  protected readonly maxTokensBad = computed(() => Number.isNaN(this.maxTokens()));
  protected readonly settingsValid = computed(() => !this.temperatureBad() && !this.maxTokensBad());
  protected readonly system = signal('');
  protected readonly prompt = signal('');
  protected readonly turns = signal<Turn[]>([]);
  protected readonly streaming = signal(false);
  protected readonly models = toSignal(
    this.gateway.models().pipe(
      tap((ids) => !this.model() && ids.length && this.model.set(ids.includes(this.requested() ?? '') ? this.requested()! : ids[0])),
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
    if (!text || !this.model() || this.streaming() || !this.settingsValid()) return;
    const model = this.model();
    const messages: ChatMessage[] = [...this.history(), { role: 'user', content: text }];
    this.turns.update((t) => [...t, { role: 'user', content: text, model }, { role: 'assistant', content: '', model }]);
    this.prompt.set('');
    this.streaming.set(true);
    this.abort = new AbortController();
    const request: ChatRequest = { format: this.format(), model, system: this.system().trim(), messages, temperature: this.temperature(), maxTokens: this.maxTokens() };
    try {
      await this.gateway.streamChat(
        request,
        {
          delta: (chunk) => this.patchLast((t) => ({ ...t, content: t.content + chunk })),
          usage: (usage) => this.patchLast((t) => ({ ...t, usage, costUsd: this.cost(model, usage) })),
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

  /** The curl / SDK calls that would send this conversation (and the message being typed). */
  protected viewCode(): void {
    const pending = this.prompt().trim();
    const messages = [...this.history(), ...(pending ? [{ role: 'user' as const, content: pending }] : [])];
    const snippets = snippetsFor({
      baseUrl: window.location.origin,
      model: this.model(),
      format: this.format(),
      system: this.system().trim() || undefined,
      messages: messages.length ? (messages as SnippetMessage[]) : [{ role: 'user', content: 'Hello!' }],
      temperature: this.temperatureBad() ? null : this.temperature(),
      maxTokens: this.maxTokensBad() ? null : this.maxTokens(),
    });
    this.dialog.open(PlaygroundCodeDialogComponent, { data: snippets, width: '760px', maxWidth: '95vw' });
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

  /**
   * The conversation so far: each question with its answer. A question whose answer failed, or
   * was stopped before any text, is left out with it (an empty assistant message is refused by
   * Anthropic's API, and two questions in a row would be resent).
   */
  private history(): ChatMessage[] {
    const turns = this.turns();
    const out: ChatMessage[] = [];
    for (let i = 0; i + 1 < turns.length; i += 2) {
      const [asked, reply] = [turns[i], turns[i + 1]];
      if (reply.error || !reply.content) continue;
      out.push({ role: asked.role, content: asked.content }, { role: reply.role, content: reply.content });
    }
    return out;
  }

  /** tokens × the model's per-million prices; null when the price is unknown. */
  private cost(model: string, usage: ChatUsage): number | null {
    const price = this.prices().find((m) => m.name === model);
    if (!price) return null;
    return (usage.prompt_tokens * price.inputPriceUsdPerMTok + usage.completion_tokens * price.outputPriceUsdPerMTok) / 1e6;
  }

  private patchLast(patch: (turn: Turn) => Turn): void {
    this.turns.update((turns) => [...turns.slice(0, -1), patch(turns[turns.length - 1])]);
  }
}
