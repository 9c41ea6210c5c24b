/**
 * A SAML identity provider for tests, built from the same libraries node-saml uses: it reads the
 * service provider's authentication request, and issues responses whose assertion it signs
 * (xml-crypto, RSA-SHA256, exclusive C14N) with a key and certificate made by openssl for the test.
 * Options produce the bad ones a test must see refused: expired, for another audience, unsigned,
 * signed by another key, altered after signing.
 */
import { randomUUID } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import { makeKeyPair } from './self-signed.js';

/** The ID of the AuthnRequest carried by a HTTP-Redirect binding URL. */
export function requestIdOf(redirectUrl: string): string {
  const encoded = new URL(redirectUrl).searchParams.get('SAMLRequest') ?? '';
  const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
  const id = /\sID="([^"]+)"/.exec(xml)?.[1];
  if (!id) throw new Error(`no ID in the AuthnRequest: ${xml}`);
  return id;
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const iso = (ms: number) => new Date(ms).toISOString();

export interface ResponseOptions {
  inResponseTo: string;
  acsUrl: string;
  audience: string;
  nameId: string;
  attributes: Record<string, string[]>;
  /** Validity window end, relative to now (negative: expired). */
  validForMs?: number;
  sign?: 'idp' | 'other' | 'none';
  /** Changes the signed XML afterwards (tampering). */
  alter?: (xml: string) => string;
}

export class TestSamlIdp {
  readonly entityId = 'https://idp.example.test/saml';
  readonly keys = makeKeyPair('idp.example.test');
  private readonly otherKeys = makeKeyPair('attacker.example.test');

  /** A base64 SAMLResponse as the IdP's HTTP-POST form would carry it. */
  response(o: ResponseOptions): string {
    const now = Date.now();
    const until = now + (o.validForMs ?? 5 * 60_000);
    const attrs = Object.entries(o.attributes)
      .map(
        ([name, values]) =>
          `<saml:Attribute Name="${xmlText(name)}">${values
            .map((v) => `<saml:AttributeValue xsi:type="xs:string">${xmlText(v)}</saml:AttributeValue>`)
            .join('')}</saml:Attribute>`,
      )
      .join('');
    const assertionId = `_a${randomUUID()}`;
    const xml =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomUUID()}" Version="2.0" IssueInstant="${iso(now)}" Destination="${xmlText(o.acsUrl)}" InResponseTo="${xmlText(o.inResponseTo)}">` +
      `<saml:Issuer>${this.entityId}</saml:Issuer>` +
      '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>' +
      `<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="${assertionId}" Version="2.0" IssueInstant="${iso(now)}">` +
      `<saml:Issuer>${this.entityId}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${xmlText(o.nameId)}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${xmlText(o.inResponseTo)}" NotOnOrAfter="${iso(until)}" Recipient="${xmlText(o.acsUrl)}"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${iso(now - 60_000)}" NotOnOrAfter="${iso(until)}"><saml:AudienceRestriction><saml:Audience>${xmlText(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>` +
      '</saml:Assertion></samlp:Response>';
    let out = xml;
    const sign = o.sign ?? 'idp';
    if (sign !== 'none') {
      const keys = sign === 'idp' ? this.keys : this.otherKeys;
      const signer = new SignedXml({
        privateKey: keys.key,
        publicCert: keys.cert,
        signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
        canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
      });
      signer.addReference({
        xpath: "//*[local-name(.)='Assertion']",
        digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
        transforms: [
          'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
          'http://www.w3.org/2001/10/xml-exc-c14n#',
        ],
      });
      signer.computeSignature(xml, {
        location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
      });
      out = signer.getSignedXml();
    }
    if (o.alter) out = o.alter(out);
    return Buffer.from(out).toString('base64');
  }
}
