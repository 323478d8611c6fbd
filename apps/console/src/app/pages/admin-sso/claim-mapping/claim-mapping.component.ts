import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { catchError, map, of } from 'rxjs';
import { TeamsApiService } from '../../../api/teams-api.service';
import { IconComponent } from '../../../components/icon/icon.component';
import { keysOf, ROLE_LABELS, TEAM_ROLE_LABELS, TIER_LABELS } from '../../../core/labels';
import { emptyRule, type RuleForm } from '../sso-form';

export type RuleGroup = FormGroup<{ [K in keyof RuleForm]: FormControl<RuleForm[K]> }>;

/** Builds the form group of one rule (the page and this editor share it). */
export function ruleGroup(fb: NonNullableFormBuilder, rule: RuleForm = emptyRule()): RuleGroup {
  return fb.group({
    claim: [rule.claim],
    value: [rule.value, [Validators.required, Validators.maxLength(200)]],
    role: [rule.role],
    tier: [rule.tier],
    team: [rule.team],
    teamRole: [rule.teamRole],
  });
}

/** The claim mapping: the groups claim, the defaults, and rules (claim value -> role, tier, team and team role). */
@Component({
  selector: 'gw-claim-mapping',
  imports: [IconComponent, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, ReactiveFormsModule],
  templateUrl: './claim-mapping.component.html',
  styleUrl: './claim-mapping.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClaimMappingComponent {
  private readonly fb = inject(NonNullableFormBuilder);
  readonly group = input.required<FormGroup>();
  readonly rules = input.required<FormArray<RuleGroup>>();
  protected readonly roles = keysOf(ROLE_LABELS);
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly tiers = keysOf(TIER_LABELS);
  protected readonly tierLabels = TIER_LABELS;
  protected readonly teamRoles = keysOf(TEAM_ROLE_LABELS);
  protected readonly teamRoleLabels = TEAM_ROLE_LABELS;
  private readonly teams = toSignal(
    inject(TeamsApiService)
      .list()
      .pipe(
        map((page) => page.items.map((t) => ({ slug: t.slug, name: t.name }))),
        catchError(() => of([])),
      ),
    { initialValue: [] },
  );

  /** Every team, plus a slug a saved rule names that is no team (any more), so it still shows. */
  protected teamsFor(rule: RuleGroup): Array<{ slug: string; name: string }> {
    const slug = rule.controls.team.value;
    const teams = this.teams();
    return slug && !teams.some((t) => t.slug === slug) ? [...teams, { slug, name: `${slug} (no such team)` }] : teams;
  }

  protected add(): void {
    this.rules().push(ruleGroup(this.fb));
    this.rules().markAsDirty();
  }

  protected remove(index: number): void {
    this.rules().removeAt(index);
    this.rules().markAsDirty();
  }
}
