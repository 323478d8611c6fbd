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

  it('puts validation messages on the field they start with and returns the rest', () => {
    const form = new FormGroup({ email: new FormControl(''), password: new FormControl(''), passwordHint: new FormControl('') });
    const rest = applyFieldErrors(form, badRequest(['email must be an email', 'passwordHint must be shorter', 'something else']));
    expect(form.controls.email.getError('server')).toBe('email must be an email');
    expect(form.controls.passwordHint.getError('server')).toBe('passwordHint must be shorter');
    expect(form.controls.password.errors).toBeNull();
    expect(rest).toEqual(['something else']);
  });

  it('keeps non-400 messages for the form', () => {
    const form = new FormGroup({ email: new FormControl('') });
    const err = new HttpErrorResponse({ status: 409, error: { statusCode: 409, error: 'Conflict', message: 'email already registered' } });
    expect(applyFieldErrors(form, err)).toEqual(['email already registered']);
    expect(form.controls.email.errors).toBeNull();
  });
});
