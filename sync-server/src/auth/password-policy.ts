import type { CodedReason } from '../http-errors';
import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 200;

/** Why a password is not good enough, in words for the person choosing it and as a code for the app; null when it is. */
export function passwordRefusal(password: unknown, userName: string): CodedReason | null {
  if (typeof password !== 'string') return { reason: 'Choose a password.', code: 'password.missing' };
  if (password.length < MIN_PASSWORD_LENGTH) {
    return {
      reason: `Use at least ${MIN_PASSWORD_LENGTH} characters; a short sentence is easy to remember.`,
      code: 'password.tooShort',
      params: { min: MIN_PASSWORD_LENGTH },
    };
  }
  if (password.length > MAX_PASSWORD_LENGTH)
    return { reason: `Use at most ${MAX_PASSWORD_LENGTH} characters.`, code: 'password.tooLong', params: { max: MAX_PASSWORD_LENGTH } };
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower))
    return { reason: 'This password is among the most common ones and is guessed first. Choose another.', code: 'password.common' };
  if (userName && lower.includes(userName.toLowerCase()))
    return { reason: 'Do not put your user name in your password.', code: 'password.containsName' };
  if (new Set(password).size < 4) return { reason: 'Use more different characters.', code: 'password.tooSimple' };
  return null;
}

/** Why a password is not good enough, in words for the person choosing it; null when it is. */
export function passwordProblem(password: unknown, userName: string): string | null {
  return passwordRefusal(password, userName)?.reason ?? null;
}
