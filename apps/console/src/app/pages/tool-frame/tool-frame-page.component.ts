import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { DomSanitizer, type SafeResourceUrl } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import type { ExternalToolView } from '@gateway/contracts';
import { catchError, forkJoin, interval, map, of, switchMap, tap } from 'rxjs';
import { ToolsApiService } from '../../api/tools-api.service';
import { errorText } from '../../core/api-error';

/** The tools cookie lasts an hour; renewed well before, while the page is open. */
const RENEW_MS = 30 * 60_000;

/** Admin → Tools → one tool: its page in a frame, served same-origin by the gateway. */
@Component({
  selector: 'gw-tool-frame-page',
  imports: [MatButtonModule, MatProgressBarModule, RouterLink],
  template: `
    <section class="gw-tool-frame-page">
      <div class="gw-page-header">
        <div>
          <h1>{{ tool()?.name ?? slug() }}</h1>
          @if (tool(); as t) {
            <p class="gw-muted gw-mono">{{ t.url }}</p>
          }
        </div>
        <div class="gw-tool-frame-actions">
          <a mat-button routerLink="/admin/tools">All tools</a>
          @if (tool(); as t) {
            <a mat-stroked-button [href]="t.frameSrc" target="_blank" rel="noopener">Open in a new tab</a>
          }
        </div>
      </div>
      @if (error(); as message) {
        <p class="gw-error" role="alert" data-testid="tool-error">{{ message }}</p>
      } @else if (src(); as url) {
        <iframe [src]="url" [title]="tool()?.name ?? 'Tool'" data-testid="tool-frame"></iframe>
      } @else {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the tool" />
      }
    </section>
  `,
  styles: `
    .gw-tool-frame-page { display: flex; flex-direction: column; height: calc(100vh - 112px); }
    .gw-tool-frame-actions { display: flex; gap: 8px; flex-wrap: wrap; }
    iframe { flex: 1; width: 100%; min-height: 400px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; background: #fff; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ToolFramePageComponent {
  private readonly toolsApi = inject(ToolsApiService);
  private readonly sanitizer = inject(DomSanitizer);
  readonly slug = input.required<string>();
  protected readonly tool = signal<ExternalToolView | null>(null);
  protected readonly error = signal<string | null>(null);
  private readonly ready = signal(false);
  /** Only a same-origin `/tools/…` path from the API is trusted as a frame source. */
  protected readonly src = computed<SafeResourceUrl | null>(() => {
    const t = this.tool();
    return t && this.ready() && t.frameSrc.startsWith('/tools/') ? this.sanitizer.bypassSecurityTrustResourceUrl(t.frameSrc) : null;
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    toObservable(this.slug)
      .pipe(
        // The router reuses this page when only the slug changes: nothing of the last tool stays.
        tap(() => {
          this.error.set(null);
          this.tool.set(null);
          this.ready.set(false);
        }),
        switchMap((slug) =>
          forkJoin([this.toolsApi.list().pipe(map((tools) => tools.find((t) => t.slug === slug) ?? null)), this.toolsApi.session()]).pipe(
            map(([tool]) => ({ tool, failure: null as unknown })),
            catchError((failure: unknown) => of({ tool: null, failure })),
          ),
        ),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe(({ tool, failure }) => {
        if (failure) return this.error.set(`Could not open the tool: ${errorText(failure)}`);
        if (!tool) this.error.set(`No tool is registered as "${this.slug()}".`);
        this.tool.set(tool);
        this.ready.set(true);
      });
    // One failed renewal (a network blip) must not end the renewals: the next one may work.
    interval(RENEW_MS)
      .pipe(
        switchMap(() => this.toolsApi.session().pipe(catchError(() => of(null)))),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe();
  }
}
