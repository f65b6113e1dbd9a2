/**
 * Headers for every response of the app's own pages, whichever transport serves them: the
 * desktop shell's app:// scheme, browser mode's HTTP server and HQ's overview page. Each page is a
 * strict single-origin app. Pure data, so the shell bundle does not pull in an HTTP server.
 */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
} as const;
