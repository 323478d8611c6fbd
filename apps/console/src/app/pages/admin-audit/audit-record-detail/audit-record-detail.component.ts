import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { AuditRecordView } from '@gateway/contracts';
import { detailLines, diffLines } from '../audit-diff';

const CHANGE_LABELS = { added: 'set', removed: 'removed', changed: 'changed', unchanged: 'unchanged' } as const;

/** An audit record opened in the table: what changed, field by field, its context and its place in the chain. */
@Component({
  selector: 'gw-audit-record-detail',
  templateUrl: './audit-record-detail.component.html',
  styleUrl: './audit-record-detail.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditRecordDetailComponent {
  readonly record = input.required<AuditRecordView>();
  protected readonly changeLabels = CHANGE_LABELS;
  protected readonly lines = computed(() => diffLines(this.record().diff));
  protected readonly context = computed(() => detailLines(this.record().diff));
}
