import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router } from '@angular/router';
import type { AuditRecordView, AuditVerifyView } from '@gateway/contracts';
import { map, Observable, of, Subscription } from 'rxjs';
import { AuditApiService, AuditFilters } from '../../api/audit-api.service';
import { UsersApiService } from '../../api/users-api.service';
import { IconComponent } from '../../components/icon/icon.component';
import { CountPipe, WhenPipe } from '../../format';
import { FROM_AFTER_TO } from '../../core/date-range';
import { NotifyService } from '../../core/notify.service';
import { saveBlob } from '../../core/save-blob';
import { actorLabel } from './audit-diff';
import {
  ACTION_PATTERN,
  filtersFromQuery,
  filtersToQuery,
  fromNotAfterTo,
  KNOWN_ACTIONS,
  KNOWN_TARGET_TYPES,
  TARGET_TYPE_PATTERN,
  toApiFilters,
  UUID_PATTERN,
} from './audit-filters';
import { AuditRecordDetailComponent } from './audit-record-detail/audit-record-detail.component';

/** Raised when the actor typed is neither a user id nor a known user's email. */
class UnknownActorError extends Error {}

@Component({
  selector: 'gw-admin-audit-page',
  imports: [
    AuditRecordDetailComponent,
    CountPipe,
    WhenPipe,
    IconComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatTableModule,
    ReactiveFormsModule,
  ],
  templateUrl: './admin-audit-page.component.html',
  styleUrl: './admin-audit-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminAuditPageComponent {
  private readonly auditApi = inject(AuditApiService);
  private readonly usersApi = inject(UsersApiService);
  private readonly notify = inject(NotifyService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly actorLabel = actorLabel;
  protected readonly knownActions = KNOWN_ACTIONS;
  protected readonly knownTargetTypes = KNOWN_TARGET_TYPES;
  protected readonly columns = ['expand', 'createdAt', 'actor', 'action', 'target', 'ip', 'requestId'];

  private readonly initial = filtersFromQuery(this.route.snapshot.queryParamMap);
  protected readonly fromAfterTo = FROM_AFTER_TO;
  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      ...this.initial,
      action: [this.initial.action, Validators.pattern(ACTION_PATTERN)],
      targetType: [this.initial.targetType, Validators.pattern(TARGET_TYPE_PATTERN)],
    },
    { validators: fromNotAfterTo },
  );
  protected readonly records = signal<AuditRecordView[]>([]);
  protected readonly total = signal(0);
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(25);
  protected readonly loading = signal(false);
  protected readonly downloading = signal(false);
  protected readonly verifying = signal(false);
  protected readonly verified = signal<AuditVerifyView | null>(null);
  protected readonly expanded = signal<number | null>(null);
  private applied: AuditFilters = {};
  /** A newer load cancels the one in flight, so a late answer cannot win. */
  private loading$?: Subscription;

  constructor() {
    this.apply();
  }

  protected apply(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    this.loading.set(true);
    this.loading$?.unsubscribe();
    this.loading$ = this.resolveActor(value.actor).subscribe({
      next: (actorId) => {
        this.applied = toApiFilters(value, actorId);
        this.pageIndex.set(0);
        void this.router.navigate([], { relativeTo: this.route, queryParams: filtersToQuery(value), replaceUrl: true });
        this.load();
      },
      error: (err: unknown) => {
        this.loading.set(false);
        if (err instanceof UnknownActorError) this.form.controls.actor.setErrors({ unknown: true });
        else this.notify.fail(err, 'Could not look the actor up');
      },
    });
  }

  protected clear(): void {
    this.form.reset({ actor: '', action: '', targetType: '', targetId: '', from: '', to: '' });
    this.apply();
  }

  protected page(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
    this.pageSize.set(event.pageSize);
    this.load();
  }

  protected toggle(record: AuditRecordView): void {
    this.expanded.update((seq) => (seq === record.seq ? null : record.seq));
  }

  protected download(): void {
    this.downloading.set(true);
    const { from, to } = this.applied;
    this.auditApi.csv(this.applied).subscribe({
      next: (blob) => {
        this.downloading.set(false);
        saveBlob(blob, `audit-${from || 'all'}-${to || 'now'}.csv`);
        this.notify.ok('CSV downloaded');
      },
      error: (err: unknown) => {
        this.downloading.set(false);
        this.notify.fail(err, 'Could not download the CSV');
      },
    });
  }

  protected verify(): void {
    this.verifying.set(true);
    this.verified.set(null);
    this.auditApi.verify().subscribe({
      next: (result) => {
        this.verifying.set(false);
        this.verified.set(result);
      },
      error: (err: unknown) => {
        this.verifying.set(false);
        this.notify.fail(err, 'Could not verify the chain');
      },
    });
  }

  private load(): void {
    this.loading.set(true);
    this.loading$?.unsubscribe();
    this.loading$ = this.auditApi.list(this.applied, this.pageIndex() + 1, this.pageSize()).subscribe({
      next: (page) => {
        this.records.set(page.items);
        this.total.set(page.total);
        this.expanded.set(null);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.notify.fail(err, 'Could not load the audit log');
      },
    });
  }

  /** A user id as typed, or the id of the user with exactly this email. */
  private resolveActor(text: string): Observable<string | null> {
    const actor = text.trim();
    if (!actor) return of(null);
    if (UUID_PATTERN.test(actor)) return of(actor);
    return this.usersApi.list({ page: 1, pageSize: 50, search: actor }).pipe(
      map((page) => {
        const user = page.items.find((u) => u.email.toLowerCase() === actor.toLowerCase());
        if (!user) throw new UnknownActorError();
        return user.id;
      }),
    );
  }
}
