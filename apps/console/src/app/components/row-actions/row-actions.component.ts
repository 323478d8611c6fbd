import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import { phoneLayout } from '../../core/layout';
import { IconComponent } from '../icon/icon.component';
import type { RowAction } from './row-action';

/** A row's actions: buttons on a desktop, one "more" menu on a phone where the row is a card. */
@Component({
  selector: 'gw-row-actions',
  imports: [IconComponent, MatButtonModule, MatMenuModule, MatTooltipModule],
  templateUrl: './row-actions.component.html',
  styleUrl: './row-actions.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RowActionsComponent {
  readonly actions = input.required<RowAction[]>();
  /** Names the row in the menu button's label: "Actions for mock-1". */
  readonly subject = input.required<string>();
  protected readonly phone = phoneLayout();
}
