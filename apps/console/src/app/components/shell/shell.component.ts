import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSelectModule } from '@angular/material/select';
import { MatSidenav, MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';
import { TeamsApiService } from '../../api/teams-api.service';
import { UsersApiService } from '../../api/users-api.service';
import { AuthService } from '../../core/auth.service';
import { TeamScopeService } from '../../core/team-scope.service';
import { THEME_MODES, ThemeMode, ThemeService } from '../../core/theme.service';
import { IconComponent, IconName } from '../icon/icon.component';
import { NotificationBellComponent } from '../notification-bell/notification-bell.component';

interface NavItem {
  label: string;
  link: string;
  icon: IconName;
}

@Component({
  selector: 'gw-shell',
  imports: [
    IconComponent,
    MatButtonModule,
    MatListModule,
    MatMenuModule,
    MatSelectModule,
    MatSidenavModule,
    MatToolbarModule,
    MatTooltipModule,
    NotificationBellComponent,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
  ],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShellComponent {
  protected readonly auth = inject(AuthService);
  protected readonly scope = inject(TeamScopeService);
  protected readonly theme = inject(ThemeService);
  protected readonly themeModes = THEME_MODES;
  protected readonly themeLabels: Record<ThemeMode, string> = { system: 'System theme', light: 'Light', dark: 'Dark' };
  protected readonly themeIcons: Record<ThemeMode, IconName> = { system: 'contrast', light: 'light', dark: 'dark' };
  protected readonly compact = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 959.98px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  private readonly sidenav = viewChild.required(MatSidenav);

  /** Teams is there for admins and for anyone who belongs to a team. */
  protected readonly userNav = computed<NavItem[]>(() => [
    { label: 'Dashboard', link: '/dashboard', icon: 'dashboard' },
    { label: 'API keys', link: '/keys', icon: 'key' },
    { label: 'Usage', link: '/usage', icon: 'chart' },
    { label: 'Request log', link: '/requests', icon: 'history' },
    { label: 'Billing', link: '/billing', icon: 'money' },
    ...(this.auth.isAdmin() || this.scope.teams().length ? [{ label: 'Teams', link: '/teams', icon: 'team' as const }] : []),
    { label: 'Notifications', link: '/notifications', icon: 'bell' },
    { label: 'Playground', link: '/playground', icon: 'chat' },
    { label: 'Pricing', link: '/models', icon: 'layers' },
    { label: 'Quick start', link: '/quick-start', icon: 'send' },
  ]);
  protected readonly adminNav: NavItem[] = [
    { label: 'Users', link: '/admin/users', icon: 'people' },
    { label: 'Providers', link: '/admin/providers', icon: 'cloud' },
    { label: 'Models', link: '/admin/models', icon: 'layers' },
    { label: 'Platform stats', link: '/admin/stats', icon: 'insights' },
    { label: 'Background jobs', link: '/admin/jobs', icon: 'jobs' },
    { label: 'Tools', link: '/admin/tools', icon: 'bolt' },
    { label: 'Audit log', link: '/admin/audit', icon: 'history' },
    { label: 'Single sign-on', link: '/admin/sso', icon: 'lock' },
  ];

  constructor() {
    // Role or tier may have changed since the tokens were issued.
    inject(UsersApiService)
      .me()
      .subscribe({ next: (user) => this.auth.updateUser(user), error: () => undefined });
    // A previous session's teams (another user in this tab) must not show while these load.
    this.scope.setTeams([]);
    inject(TeamsApiService)
      .list()
      .subscribe({ next: (page) => this.scope.setTeams(page.items), error: () => undefined });
  }

  protected navigated(): void {
    if (this.compact()) void this.sidenav().close();
  }

  protected logout(): void {
    this.auth.logout();
  }
}
