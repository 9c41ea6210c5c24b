/**
 * Built-in responder: mails the object it was run on (a case, task, log, alert or observable, with
 * the observable's analyzer reports) to the configured recipients through the configured SMTP
 * server, with Nodemailer. The message has a readable text part (title, description, TLP,
 * taxonomies) and the object as JSON.
 */
import { type BuiltinWorker, report } from './builtin.js';

const str = (v: unknown) =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);

function describe(dataType: string, data: Record<string, unknown>): { subject: string; text: string } {
  const kind = dataType
    .replace(/^thehive:/, '')
    .replace('case_artifact', 'observable')
    .replace('case_task_log', 'task log')
    .replace('case_task', 'task');
  const title = str(data.title ?? data.data ?? data.message ?? data.id);
  const lines = [`${kind}: ${title}`];
  for (const key of ['caseId', 'severity', 'tlp', 'pap', 'status', 'owner', 'dataType', 'data', 'tags'])
    if (data[key] !== undefined && data[key] !== null) lines.push(`${key}: ${str(data[key])}`);
  if (typeof data.description === 'string') lines.push('', data.description);
  const reports =
    data.reports && typeof data.reports === 'object'
      ? (data.reports as Record<string, { taxonomies?: unknown[] }>)
      : {};
  for (const [analyzer, r] of Object.entries(reports))
    for (const t of (r.taxonomies ?? []) as Array<Record<string, unknown>>)
      lines.push(`${analyzer}: [${str(t.level)}] ${str(t.namespace)}:${str(t.predicate)}=${str(t.value)}`);
  return { subject: `[Propolis] ${kind} ${title}`.slice(0, 250), text: lines.join('\n') };
}

export const mailResponder: BuiltinWorker = async ({ input }) => {
  const c = input.config as Record<string, unknown>;
  const to = Array.isArray(c.to) ? c.to.filter((x): x is string => typeof x === 'string' && x !== '') : [];
  if (
    typeof c.smtp_host !== 'string' ||
    !c.smtp_host ||
    to.length === 0 ||
    typeof c.from !== 'string' ||
    !c.from
  )
    return { success: false, errorMessage: 'Configuration items smtp_host, from and to are required', input };
  const data = (input.data && typeof input.data === 'object' ? input.data : {}) as Record<string, unknown>;
  const { subject, text } = describe(input.dataType, data);
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: c.smtp_host,
    port: typeof c.smtp_port === 'number' ? c.smtp_port : 25,
    secure: c.smtp_secure === true,
    ...(typeof c.smtp_user === 'string' && c.smtp_user
      ? { auth: { user: c.smtp_user, pass: str(c.smtp_password) } }
      : {}),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({
      from: c.from,
      to,
      subject,
      text,
      attachments: [
        { filename: 'object.json', content: JSON.stringify(data, null, 2), contentType: 'application/json' },
      ],
    });
    return report({ messageId: info.messageId, to, subject, accepted: info.accepted }, []);
  } catch (error) {
    return { success: false, errorMessage: `Mail not sent: ${(error as Error).message}` };
  } finally {
    transport.close();
  }
};
