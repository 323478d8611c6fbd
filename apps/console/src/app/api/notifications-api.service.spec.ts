import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { NotificationsApiService } from './notifications-api.service';

describe('NotificationsApiService', () => {
  let api: NotificationsApiService;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(NotificationsApiService);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('pages the caller’s notifications', () => {
    api.list().subscribe();
    expect(backend.expectOne((r) => r.url === '/api/v1/notifications').request.params.toString()).toBe('page=1&pageSize=20');
  });

  it("filters by team, and asks for everyone's only when told", () => {
    api.list({ page: 2, pageSize: 10, teamId: 't1' }).subscribe();
    expect(backend.expectOne((r) => r.url === '/api/v1/notifications').request.params.toString()).toBe('page=2&pageSize=10&teamId=t1');
    api.list({ all: true, teamId: null }).subscribe();
    expect(backend.expectOne((r) => r.url === '/api/v1/notifications').request.params.toString()).toBe('page=1&pageSize=20&all=true');
  });
});
