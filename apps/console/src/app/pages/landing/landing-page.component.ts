import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth.service';

@Component({
  selector: 'gw-landing-page',
  imports: [MatButtonModule, RouterLink],
  templateUrl: './landing-page.component.html',
  styleUrl: './landing-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LandingPageComponent {
  protected readonly auth = inject(AuthService);
  /** The address this console was served from: the gateway's, as callers reach it. */
  protected readonly baseUrl = window.location.origin;
  protected readonly features = [
    { title: 'One endpoint, every provider', text: 'OpenAI, Anthropic, Gemini, Ollama and any OpenAI-compatible server behind one base URL. The official SDKs just work, streaming included.' },
    { title: 'Your own model catalogue', text: 'Publish models under your own names, route them to one or more providers with priorities, weights and automatic failover.' },
    { title: 'Keys, credits and limits', text: 'Per-user API keys with model lists, quotas, rate and token limits, expiry and allowed origins. Every request is metered and charged in credits.' },
    { title: 'Usage you can see', text: 'Dashboards, per-request logs, CSV exports and Prometheus metrics for latency, tokens, cost and provider health.' },
  ];
}
