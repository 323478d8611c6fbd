import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup } from '@angular/forms';
import { applyFieldErrors, errorMessages, GatewayError } from './api-error';

const badRequest = (message: string | string[]) =>
  new HttpErrorResponse({ status: 400, statusText: 'Bad Request', error: { statusCode: 400, error: 'Bad Request', message, requestId: 'r1' } });

describe('api errors', () => {
  it('reads management and gateway error bodies', () => {
    expect(errorMessages(badRequest(['a', 'b']))).toEqual(['a', 'b']);
    expect(errorMessages(new GatewayError(402, { error: { message: 'Not enough credits', type: 'insufficient_quota', code: 'x' } }))).toEqual([
      'Not enough credits',
    ]);
    expect(errorMessages(new HttpErrorResponse({ status: 0 }))[0]).toContain('Cannot reach the server');
  });

  it('puts validation messages on the field they start with, in words people read, and returns the rest', () => {
    const form = new FormGroup({ email: new FormControl(''), password: new FormControl(''), passwordHint: new FormControl('') });
    const rest = applyFieldErrors(form, badRequest(['email must be an email', 'passwordHint must be shorter', 'something else']));
    expect(form.controls.email.getError('server')).toBe('Email must be an email');
    expect(form.controls.passwordHint.getError('server')).toBe('Password hint must be shorter');
    expect(form.controls.password.errors).toBeNull();
    expect(rest).toEqual(['something else']);
  });

  it('names the fields of messages no control shows by their labels, not the API names', () => {
    const form = new FormGroup({ name: new FormControl('') });
    const rest = applyFieldErrors(form, badRequest(['budget.budgetUsd must not be less than 0', 'targets.0.upstreamModel should not be empty']));
    expect(rest).toEqual(['Budget (USD) must not be less than 0', 'Upstream model (target 1) should not be empty']);
    expect(errorMessages(badRequest('baseUrl must be an http(s) URL'))).toEqual(['Base URL must be an http(s) URL']);
  });

  it('keeps non-400 messages for the form', () => {
    const form = new FormGroup({ email: new FormControl('') });
    const err = new HttpErrorResponse({ status: 409, error: { statusCode: 409, error: 'Conflict', message: 'email already registered' } });
    expect(applyFieldErrors(form, err)).toEqual(['email already registered']);
    expect(form.controls.email.errors).toBeNull();
  });
});
