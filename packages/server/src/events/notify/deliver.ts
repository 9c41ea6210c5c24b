/**
 * Delivers one queued event with one notifier: builds its payload (payloads.ts) and sends it over
 * HTTP, SMTP or to a file. Throws a DeliveryError (or any error) when the event was not delivered;
 * the caller retries it later or dead-letters it.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import type { Transporter } from 'nodemailer';
import type { Config } from '../../config.js';
import { DeliveryError, sendHttp } from './http-send.js';
import type { NotifierSpec } from './notifiers.js';
import {
  auditEvent,
  chatBody,
  DEFAULT_BODY,
  DEFAULT_SUBJECT,
  type NotifyEvent,
  templateView,
  webhookPayload,
} from './payloads.js';
import { renderTemplate } from './templates.js';
import { refusedAddress } from './url-safety.js';

export interface DeliveryContext {
  config: Config;
  /** Folder of AppendToFile's files. */
  fileDirectory: string;
  mailer(): Promise<Transporter>;
}

/** The SMTP transport, made at the first mail: nodemailer is loaded then (import()), not at start. */
export function createMailer(config: Config): () => Promise<Transporter> {
  let transport: Transporter | undefined;
  return async () => {
    const e = config.notification.email;
    if (!e.host) throw new DeliveryError('no SMTP server is configured (notification.email.host)');
    const timeout = config.notification.timeoutSeconds * 1000;
    const { default: nodemailer } = await import('nodemailer');
    transport ??= nodemailer.createTransport({
      host: e.host,
      port: e.port,
      secure: e.secure,
      ...(e.username ? { auth: { user: e.username, pass: e.password } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      pool: true,
      maxConnections: 2,
    });
    return transport;
  };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export async function deliver(spec: NotifierSpec, event: NotifyEvent, c: DeliveryContext): Promise<void> {
  const timeoutMs = c.config.notification.timeoutSeconds * 1000;
  switch (spec.name) {
    case 'Webhook': {
      if (spec.endpoint !== undefined) {
        const endpoint = c.config.notification.webhook.endpoints.find((e) => e.name === spec.endpoint);
        if (!endpoint)
          throw new DeliveryError(
            `the webhook endpoint ${spec.endpoint} is no longer declared in the configuration`,
          );
        await sendHttp({
          method: 'POST',
          url: endpoint.url,
          headers: JSON_HEADERS,
          body: JSON.stringify(webhookPayload(event, endpoint.version)),
          ...(endpoint.auth ? { auth: endpoint.auth } : {}),
          timeoutMs: endpoint.timeoutMs ?? timeoutMs,
          guarded: false,
        });
        return;
      }
      await sendHttp({
        method: 'POST',
        url: spec.url!,
        headers: JSON_HEADERS,
        body: JSON.stringify(webhookPayload(event, spec.version ?? 0)),
        ...(spec.auth ? { auth: spec.auth } : {}),
        timeoutMs,
        guarded: !c.config.notification.allowLocalAddresses,
      });
      return;
    }
    case 'HttpRequest': {
      const view = templateView(event);
      const url = renderTemplate(spec.url, view, 'url');
      const guarded = !c.config.notification.allowLocalAddresses;
      if (guarded) checkRenderedUrl(url);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(spec.headers))
        headers[k.toLowerCase()] = renderTemplate(v, view).replace(/[\r\n]+/g, ' ');
      let body: string | undefined;
      if (spec.method !== 'GET') {
        if (spec.body !== undefined) {
          const type = headers['content-type'] ?? 'application/json';
          headers['content-type'] = type;
          body = renderTemplate(spec.body, view, /json/i.test(type) ? 'json' : 'text');
        } else {
          headers['content-type'] ??= 'application/json';
          body = JSON.stringify(auditEvent(event));
        }
      }
      await sendHttp({
        method: spec.method,
        url,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(spec.auth ? { auth: spec.auth } : {}),
        timeoutMs,
        guarded,
      });
      return;
    }
    case 'Slack':
    case 'Mattermost':
    case 'Teams':
      await sendHttp({
        method: 'POST',
        url: spec.url,
        headers: JSON_HEADERS,
        body: JSON.stringify(chatBody(spec.name, event, spec)),
        timeoutMs,
        guarded: !c.config.notification.allowLocalAddresses,
      });
      return;
    case 'EmailerToAddr':
    case 'EmailerToUser': {
      const to = spec.name === 'EmailerToAddr' ? spec.to : event.recipient ? [event.recipient.email] : [];
      if (to.length === 0)
        throw new DeliveryError('nobody to write to: the event has no user with an e-mail address');
      const view = templateView(event);
      await (await c.mailer()).sendMail({
        from: c.config.notification.email.from,
        to,
        subject: renderTemplate(spec.subject ?? DEFAULT_SUBJECT, view)
          .replace(/[\r\n]+/g, ' ')
          .slice(0, 998),
        text: renderTemplate(spec.template ?? DEFAULT_BODY, view),
      });
      return;
    }
    case 'AppendToFile': {
      const line = spec.template
        ? renderTemplate(spec.template, templateView(event), 'json').replace(/[\r\n]+/g, ' ')
        : JSON.stringify(auditEvent(event));
      await mkdir(c.fileDirectory, { recursive: true });
      await appendFile(path.join(c.fileDirectory, path.basename(spec.file)), `${line}\n`);
      return;
    }
  }
}

function checkRenderedUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DeliveryError('the URL made from the template is not valid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new DeliveryError('the URL made from the template is not http(s)');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost'))
    throw new DeliveryError('the URL made from the template is refused (localhost)');
  if (ipaddr.isValid(host)) {
    const why = refusedAddress(host);
    if (why) throw new DeliveryError(`the URL made from the template is refused: ${why}`);
  }
}
