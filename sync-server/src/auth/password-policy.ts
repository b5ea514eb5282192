import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 200;

/** Why a password is not good enough, in words for the person choosing it; null when it is. */
export function passwordProblem(password: unknown, userName: string): string | null {
  if (typeof password !== 'string') return 'Choose a password.';
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters; a short sentence is easy to remember.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'This password is among the most common ones and is guessed first. Choose another.';
  if (userName && lower.includes(userName.toLowerCase())) return 'Do not put your user name in your password.';
  if (new Set(password).size < 4) return 'Use more different characters.';
  return null;
}
