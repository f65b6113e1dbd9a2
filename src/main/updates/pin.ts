import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Whether a TLS certificate chain is HQ's as the station pinned it: presented for HQ's own host,
 * naming that host, and issued — directly or through the intermediates it carries — by the pinned
 * authority, every link in date. The machine's own list of authorities plays no part. (Sync pins
 * the same way through node:https; the updater's download runs on Chromium's network stack, which
 * asks this.)
 */
export const chainTrustedByPin = (host: string, expectedHost: string, chainPem: readonly string[], caPem: string, now: Date = new Date()): boolean => {
  if (host.toLowerCase() !== expectedHost.toLowerCase() || chainPem.length === 0) return false;
  try {
    const ca = new X509Certificate(caPem);
    const certs = chainPem.map((p) => new X509Certificate(p));
    const inDate = (c: X509Certificate) => Date.parse(c.validFrom) <= now.getTime() && now.getTime() <= Date.parse(c.validTo);
    const leaf = certs[0];
    const named = isIP(host) ? leaf.checkIP(host) !== undefined : leaf.checkHost(host) !== undefined;
    if (!named || !inDate(ca)) return false;
    for (let i = 0; i < certs.length; i++) {
      const c = certs[i];
      if (!inDate(c)) return false;
      if (c.checkIssued(ca) && c.verify(ca.publicKey)) return true;
      const issuer = certs[i + 1];
      if (!issuer || !issuer.ca || !c.checkIssued(issuer) || !c.verify(issuer.publicKey)) return false;
    }
    return false;
  } catch {
    return false;
  }
};

/** A certificate as Chromium hands it over: PEM data and its issuer's, up to the root. */
export interface PresentedCertificate {
  data: string;
  issuerCert?: PresentedCertificate;
}

/** The chain of PEMs, leaf first, from a presented certificate (a self-signed root ends it). */
export const chainOf = (cert: PresentedCertificate | undefined, max = 8): string[] => {
  const chain: string[] = [];
  for (let c = cert; c && chain.length < max; c = c.issuerCert === c || c.issuerCert?.data === c.data ? undefined : c.issuerCert) chain.push(c.data);
  return chain;
};
