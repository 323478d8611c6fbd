import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { ExternalToolView } from '@gateway/contracts';
import { filter, switchMap } from 'rxjs';
import { ToolsApiService } from '../../api/tools-api.service';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../components/confirm-dialog/confirm-dialog.component';
import { IconComponent } from '../../components/icon/icon.component';
import { applyFieldErrors } from '../../core/api-error';
import { NotifyService } from '../../core/notify.service';
import { SLUG_PATTERN, slugFrom } from './tool-slug';

/** Admin → Tools: register the external pages the console shows in a frame. */
@Component({
  selector: 'gw-admin-tools-page',
  imports: [IconComponent, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, ReactiveFormsModule, RouterLink],
  templateUrl: './admin-tools-page.component.html',
  styleUrl: './admin-tools-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminToolsPageComponent {
  private readonly toolsApi = inject(ToolsApiService);
  private readonly notify = inject(NotifyService);
  private readonly dialog = inject(MatDialog);
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly tools = signal<ExternalToolView[]>([]);
  /** The tool being edited, or null while the form registers a new one. */
  protected readonly editing = signal<ExternalToolView | null>(null);
  private readonly formDirective = viewChild(FormGroupDirective);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    slug: ['', [Validators.required, Validators.pattern(SLUG_PATTERN)]],
    url: ['', [Validators.required, Validators.pattern(/^https?:\/\/\S+$/)]],
  });

  constructor() {
    this.load();
    // The slug follows the name until someone types their own.
    this.form.controls.name.valueChanges.subscribe((name) => {
      if (!this.form.controls.slug.dirty && !this.editing()) this.form.controls.slug.setValue(slugFrom(name));
    });
  }

  protected load(): void {
    this.toolsApi.list().subscribe({
      next: (tools) => {
        this.tools.set(tools);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.notify.fail(err, 'Could not load tools');
      },
    });
  }

  protected edit(tool: ExternalToolView): void {
    this.editing.set(tool);
    this.form.reset({ name: tool.name, slug: tool.slug, url: tool.url });
  }

  protected cancel(): void {
    this.editing.set(null);
    // The directive's reset also forgets the submit: an emptied form shows no "required" errors.
    const directive = this.formDirective();
    if (directive) directive.resetForm();
    else this.form.reset();
  }

  protected save(): void {
    if (this.form.invalid) return this.form.markAllAsTouched();
    const editing = this.editing();
    const body = this.form.getRawValue();
    this.saving.set(true);
    (editing ? this.toolsApi.update(editing.id, body) : this.toolsApi.create(body)).subscribe({
      next: (tool) => {
        this.saving.set(false);
        this.notify.ok(editing ? `Tool "${tool.name}" saved` : `Tool "${tool.name}" registered`);
        this.cancel();
        this.load();
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const unmatched = applyFieldErrors(this.form, err);
        if (unmatched.length) this.notify.fail(unmatched.join('; '), 'Could not save the tool');
      },
    });
  }

  protected remove(tool: ExternalToolView): void {
    const data: ConfirmDialogData = { title: `Remove ${tool.name}?`, message: `Its page will no longer be served at /tools/${tool.slug}/.`, confirm: 'Remove tool' };
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .pipe(
        filter((ok) => ok === true),
        switchMap(() => this.toolsApi.remove(tool.id)),
      )
      .subscribe({
        next: () => {
          this.notify.ok(`Tool "${tool.name}" removed`);
          this.load();
        },
        error: (err: unknown) => this.notify.fail(err, 'Could not remove the tool'),
      });
  }
}
