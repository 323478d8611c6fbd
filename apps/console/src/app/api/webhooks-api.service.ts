import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreatedWebhookView, CreateWebhookRequest, Page, WebhookDeliveryView, WebhookTestResult, WebhookView } from '@gateway/contracts';
import { Observable } from 'rxjs';

const URL = '/api/v1/webhooks';

@Injectable({ providedIn: 'root' })
export class WebhooksApiService {
  private readonly http = inject(HttpClient);

  /** A team's webhooks, or without `teamId` the caller's own (and their owned teams'). */
  list(teamId?: string): Observable<Page<WebhookView>> {
    return this.http.get<Page<WebhookView>>(URL, { params: { pageSize: 200, ...(teamId ? { teamId } : {}) } });
  }

  /** The answer carries the signing secret, this once. */
  create(body: CreateWebhookRequest): Observable<CreatedWebhookView> {
    return this.http.post<CreatedWebhookView>(URL, body);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${URL}/${id}`);
  }

  deliveries(id: string, page = 1, pageSize = 10): Observable<Page<WebhookDeliveryView>> {
    return this.http.get<Page<WebhookDeliveryView>>(`${URL}/${id}/deliveries`, { params: { page, pageSize } });
  }

  test(id: string): Observable<WebhookTestResult> {
    return this.http.post<WebhookTestResult>(`${URL}/${id}/test`, {});
  }
}
