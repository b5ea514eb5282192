import { isIPv6 } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { Couch } from '../couch/client';
import { MemberLimits } from '../gateway/member-limits';
import { CERTIFICATE_PAGE_TEXT, PAGE_LANGUAGES, type CertificatePageText, type PageLanguage } from './certificate-page-text';
import { Certificates, normaliseCode, type VerifiedCertificate } from './certificates';

export interface CertificateRouteDeps {
  readonly couch: Couch;
  /** Checks one address may make in a minute: codes cannot be guessed, but nobody gets to try. */
  readonly checksPerAddressPerMinute: number;
}

/** Network codes that are not ISO region codes. */
const REGION: Record<string, string> = { uk: 'GB', cz: 'CZ' };

/**
 * The public check of a course certificate (the induction or a CPD course), for an employer or a college with no account:
 * `/verify` (a form), `/verify/<code>` (a page in the reader's language) and `/api/certificates/<code>`
 * (the same as JSON). They show only what the certificate itself says.
 */
export function certificateRoutes({ couch, checksPerAddressPerMinute }: CertificateRouteDeps): express.Router {
  const router = express.Router();
  const certificates = new Certificates(couch);
  const limits = new MemberLimits(0, checksPerAddressPerMinute, 60_000);

  /** The answer to a code, or an HTTP status when there is none to give. */
  async function check(req: Request, res: Response, typed: string): Promise<VerifiedCertificate | 'withdrawn' | 400 | 404 | 429> {
    const wait = limits.admit(`address:${clientNetwork(req.ip ?? 'unknown')}`);
    if (wait > 0) {
      res.set('retry-after', String(Math.max(1, Math.ceil(wait / 1000))));
      return 429;
    }
    const code = normaliseCode(typed);
    if (!code) return 400;
    return (await certificates.verify(code)) ?? 404;
  }

  router.get('/api/certificates/:code', async (req, res) => {
    const answer = await check(req, res, req.params['code'] ?? '');
    res.set('cache-control', 'no-store');
    if (answer === 429) return res.status(429).json({ error: 'too_many_requests', reason: CERTIFICATE_PAGE_TEXT.en.tooMany });
    if (answer === 400) return res.status(400).json({ error: 'bad_request', reason: CERTIFICATE_PAGE_TEXT.en.malformed });
    if (answer === 404) return res.status(404).json({ error: 'not_found', reason: CERTIFICATE_PAGE_TEXT.en.unknown });
    if (answer === 'withdrawn') return res.status(410).json({ error: 'withdrawn', reason: CERTIFICATE_PAGE_TEXT.en.withdrawn });
    const { code, fullName, owner, course, completedAt, country, facilitators } = answer;
    res.json({
      valid: true,
      code,
      course,
      holder: fullName ?? owner,
      fullNameGiven: fullName !== null,
      completedAt,
      network: country,
      facilitators,
    });
  });

  router.get('/verify', (req, res) => {
    const typed = typeof req.query['code'] === 'string' ? req.query['code'] : null;
    if (typed !== null) {
      const code = normaliseCode(typed);
      if (code) return res.redirect(303, `/verify/${code}`);
    }
    const text = textFor(req);
    sendPage(
      res,
      typed === null ? 200 : 400,
      languageOf(req),
      text,
      typed === null ? '' : `<p class="bad" role="alert">${escapeHtml(text.malformed)}</p>`,
    );
  });

  router.get('/verify/:code', async (req, res) => {
    const language = languageOf(req);
    const text = CERTIFICATE_PAGE_TEXT[language];
    const answer = await check(req, res, req.params['code'] ?? '');
    if (answer === 429) return sendPage(res, 429, language, text, `<p class="bad" role="alert">${escapeHtml(text.tooMany)}</p>`);
    if (answer === 400) return sendPage(res, 400, language, text, `<p class="bad" role="alert">${escapeHtml(text.malformed)}</p>`);
    if (answer === 404) return sendPage(res, 404, language, text, `<p class="bad" role="alert">${escapeHtml(text.unknown)}</p>`);
    if (answer === 'withdrawn') return sendPage(res, 410, language, text, `<p class="bad" role="alert">${escapeHtml(text.withdrawn)}</p>`);
    sendPage(res, 200, language, text, certificateHtml(answer, language, text));
  });

  return router;
}

/**
 * What one client holds of the address space: an IPv4 address, or an IPv6 /64 (a home or mobile
 * network is given a whole one, 2^64 addresses to guess from). IPv4 written as IPv6 is IPv4.
 */
export function clientNetwork(address: string): string {
  const bare = address.split('%')[0]!;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped) return mapped[1]!;
  if (!isIPv6(bare)) return bare;
  const [head = '', tail] = bare.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  // An IPv4 ending (64:ff9b::192.0.2.1) takes two groups' place.
  const width = (parts: string[]) => parts.reduce((sum, part) => sum + (part.includes('.') ? 2 : 1), 0);
  const first = groups(head);
  const full = tail === undefined ? first : [...first, ...Array<string>(8 - width(first) - width(groups(tail))).fill('0'), ...groups(tail)];
  return `${full
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

function languageOf(req: Request): PageLanguage {
  return (req.acceptsLanguages(...PAGE_LANGUAGES) || 'en') as PageLanguage;
}

function textFor(req: Request): CertificatePageText {
  return CERTIFICATE_PAGE_TEXT[languageOf(req)];
}

function certificateHtml(certificate: VerifiedCertificate, language: PageLanguage, text: CertificatePageText): string {
  // British English: the partnership is European ("4 October 2026", not "October 4, 2026").
  const locale = language === 'en' ? 'en-GB' : language;
  const completed = new Date(certificate.completedAt);
  const date = Number.isNaN(completed.getTime())
    ? certificate.completedAt
    : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(completed);
  const network =
    new Intl.DisplayNames([locale], { type: 'region' }).of(REGION[certificate.country] ?? certificate.country.toUpperCase()) ??
    certificate.country;
  const holder = certificate.fullName ?? text.noFullName.replace('{name}', certificate.owner);
  const rows: [string, string][] = [
    [text.holder, holder],
    [certificate.course === 'cpd' ? text.completedCpd : text.completed, date],
    [text.network, network],
    ...(certificate.facilitators.length > 0 ? [[text.facilitators, certificate.facilitators.join(', ')] as [string, string]] : []),
    [text.issuer, text.issuerName],
  ];
  return `<p class="good" role="status">✔ ${escapeHtml(text.valid)}</p>
<p class="code">${escapeHtml(certificate.code)}</p>
<dl>${rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

function sendPage(res: Response, status: number, language: PageLanguage, text: CertificatePageText, body: string): void {
  res.status(status).set('cache-control', 'no-store').type('html').send(`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(text.title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 40rem; padding: 1rem; line-height: 1.5; color: #1d2b2a; }
h1 { font-size: 1.5rem; color: #0b6e69; }
.good { font-weight: 700; color: #145c2e; font-size: 1.2rem; }
.bad { font-weight: 700; color: #8a1c1c; }
.code { font-family: monospace; font-size: 1.2rem; letter-spacing: 0.1em; }
dt { font-weight: 700; margin-top: 0.75rem; }
dd { margin: 0; overflow-wrap: anywhere; }
label { display: block; font-weight: 700; margin-top: 1.5rem; }
input { font-size: 1.1rem; padding: 0.5rem; border: 2px solid #5b6b6a; border-radius: 6px; max-width: 100%; box-sizing: border-box; }
button { font-size: 1.1rem; padding: 0.5rem 1rem; min-height: 48px; margin-top: 0.5rem; background: #0b6e69; color: #fff; border: 0; border-radius: 6px; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(text.title)}</h1>
${body}
<form method="get" action="/verify">
<label for="code">${escapeHtml(text.codeLabel)}</label>
<p id="code-hint">${escapeHtml(text.intro)}</p>
<input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="20" aria-describedby="code-hint">
<button type="submit">${escapeHtml(text.check)}</button>
</form>
</main>
</body>
</html>
`);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
