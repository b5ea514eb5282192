import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { Session } from './session';

/** Screens with personal data need a user; the sign-in screen comes first otherwise. */
export const signedInGuard: CanActivateFn = () => (inject(Session).user() ? true : inject(Router).createUrlTree(['/sign-in']));
