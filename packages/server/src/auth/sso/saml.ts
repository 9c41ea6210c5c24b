/**
 * SAML 2.0 service provider over `@node-saml/node-saml` (loaded with import() at first use): the
 * authentication request (HTTP-Redirect binding, signed when a key is configured), the response at the
 * assertion consumer service (HTTP-POST binding) accepted only with an assertion signed by the
 * configured IdP certificate, for this audience, in its validity window and answering a request of
 * ours, and the service provider metadata.
 */
import { readFileSync } from 'node:fs';
import type { CacheProvider, SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { PropolisError, unauthenticated } from '@propolis/core';
import type { SamlProvider } from './sso-config.js';

type NodeSaml = typeof import('@node-saml/node-saml');
let library: Promise<NodeSaml> | undefined;
const load = () => {
  library ??= import('@node-saml/node-saml');
  return library;
};

/** A PEM given inline, or the path of a file holding it. */
export function pem(value: string): string {
  if (value.includes('-----BEGIN') || value === '') return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the PEM file ${value}: ${(error as Error).message}`);
  }
}

export interface SamlUrls {
  callbackUrl: string;
  entityId: string;
}

export class SamlServiceProvider {
  private readonly instances = new Map<string, Promise<SAML>>();

  constructor(private readonly store: (provider: string) => CacheProvider) {}

  private instance(provider: SamlProvider, urls: SamlUrls): Promise<SAML> {
    const key = `${provider.name}\n${urls.callbackUrl}`;
    let saml = this.instances.get(key);
    if (!saml) {
      // without publicUrl the URLs follow each request's Host: keep the cache bounded
      if (this.instances.size >= 32) this.instances.clear();
      saml = load().then(
        ({ SAML }) =>
          new SAML({
            callbackUrl: urls.callbackUrl,
            entryPoint: provider.entryPoint,
            issuer: urls.entityId,
            audience: urls.entityId,
            idpCert: provider.idpCert.map(pem),
            privateKey: provider.privateKey ? pem(provider.privateKey) : undefined,
            publicCert: provider.publicCert ? pem(provider.publicCert) : undefined,
            signatureAlgorithm: 'sha256',
            digestAlgorithm: 'sha256',
            wantAssertionsSigned: true,
            wantAuthnResponseSigned: provider.wantAuthnResponseSigned,
            acceptedClockSkewMs: provider.acceptedClockSkewMs,
            validateInResponseTo: 'always' as ValidateInResponseTo,
            requestIdExpirationPeriodMs: 10 * 60_000,
            cacheProvider: this.store(provider.name),
            identifierFormat: null,
            disableRequestedAuthnContext: true,
          }),
      );
      this.instances.set(key, saml);
      saml.catch(() => this.instances.delete(key));
    }
    return saml;
  }

  async loginUrl(provider: SamlProvider, urls: SamlUrls, relayState: string): Promise<string> {
    const saml = await this.instance(provider, urls);
    try {
      return await saml.getAuthorizeUrlAsync(relayState, undefined, {});
    } catch (error) {
      throw new PropolisError(
        'AuthenticationError',
        `SAML provider ${provider.name}: cannot build the authentication request: ${(error as Error).message}`,
        { status: 502 },
      );
    }
  }

  /** The attributes of a valid response, with `nameID` among them; 401 naming the problem otherwise. */
  async acceptResponse(
    provider: SamlProvider,
    urls: SamlUrls,
    body: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    const saml = await this.instance(provider, urls);
    if (!body.SAMLResponse)
      throw unauthenticated(`SAML provider ${provider.name}: the request carries no SAMLResponse`);
    let result: Awaited<ReturnType<SAML['validatePostResponseAsync']>>;
    try {
      result = await saml.validatePostResponseAsync({ SAMLResponse: body.SAMLResponse });
    } catch (error) {
      throw unauthenticated(
        `SAML provider ${provider.name}: the response is refused: ${(error as Error).message}`,
      );
    }
    if (!result.profile || result.loggedOut)
      throw unauthenticated(`SAML provider ${provider.name}: the response holds no sign-in`);
    const profile = result.profile as unknown as Record<string, unknown>;
    const attributes = (profile.attributes as Record<string, unknown> | undefined) ?? {};
    return { ...attributes, ...profile, nameID: result.profile.nameID };
  }

  async metadata(provider: SamlProvider, urls: SamlUrls): Promise<string> {
    const saml = await this.instance(provider, urls);
    return saml.generateServiceProviderMetadata(null, provider.publicCert ? pem(provider.publicCert) : null);
  }
}
