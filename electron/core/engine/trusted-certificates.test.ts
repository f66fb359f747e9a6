// Which TLS roots the client trusts: the OS store where listable, NODE_EXTRA_CA_CERTS as Node reads it.
import { describe, expect, it } from 'vitest';
import { systemCaCertificates, trustedRoots } from './trusted-certificates';

const PEM = (n: string) => `-----BEGIN CERTIFICATE-----\n${n}\n-----END CERTIFICATE-----`;

describe('trusted roots', () => {
  it('adds the OS certificate store only where the runtime can list it', () => {
    expect(systemCaCertificates({})).toBeNull();
    expect(systemCaCertificates({ getCACertificates: (t) => (t === 'system' ? ['SYS', 'B'] : ['A', 'B']) })).toEqual(['A', 'B', 'SYS']);
    expect(systemCaCertificates({ getCACertificates: () => { throw new Error('no'); } })).toBeNull();
  });

  it('adds NODE_EXTRA_CA_CERTS to the runtime roots, as Node does (here the store is not listable)', () => {
    const files: Record<string, string> = { '/etc/office-ca.pem': `junk\n${PEM('X')}\n${PEM('Y')}\n` };
    const deps = { tlsModule: { rootCertificates: [PEM('ROOT')] }, readText: (p: string) => files[p] ?? (() => { throw new Error('ENOENT'); })() };
    expect(trustedRoots({}, deps)).toEqual({ ca: null, warning: null });
    expect(trustedRoots({ NODE_EXTRA_CA_CERTS: '/etc/office-ca.pem' }, deps)).toEqual({ ca: [PEM('ROOT'), PEM('X'), PEM('Y')], warning: null });
    const missing = trustedRoots({ NODE_EXTRA_CA_CERTS: '/nope.pem' }, deps);
    expect(missing.ca).toBeNull();
    expect(missing.warning).toContain('NODE_EXTRA_CA_CERTS の証明書ファイルを読めませんでした');
    files['/empty.pem'] = 'no certificates here';
    expect(trustedRoots({ NODE_EXTRA_CA_CERTS: '/empty.pem' }, deps).warning).toContain('PEM形式の証明書がありません');
  });

  it('adds NODE_EXTRA_CA_CERTS to the OS store where the runtime lists it', () => {
    const deps = { tlsModule: { getCACertificates: (t?: string) => (t === 'system' ? ['SYS'] : ['A']) }, readText: () => PEM('X') };
    expect(trustedRoots({ NODE_EXTRA_CA_CERTS: 'x.pem' }, deps).ca).toEqual(['A', 'SYS', PEM('X')]);
  });
});
