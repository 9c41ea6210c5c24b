/**
 * Built-in responder: calls a webhook with the case, task, log, alert or observable it was run on
 * (`{dataType, data, tlp, pap, message, parameters}` as JSON), an optional Authorization header,
 * and a timeout. A non-2xx answer fails the action; an optional `tag` is added to the object (or
 * its case) when the call succeeded. The URL is the organisation's choice: it may be anywhere.
 */
import { type BuiltinWorker, report } from './builtin.js';

const MAX_ANSWER = 64 * 1024;

export const webhookResponder: BuiltinWorker = async ({ input, signal }) => {
  const { url, authorization, tag, timeout_seconds } = input.config as Record<string, unknown>;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url))
    return { success: false, errorMessage: 'Configuration item url must be an http(s) URL', input };
  const seconds = typeof timeout_seconds === 'number' && timeout_seconds > 0 ? timeout_seconds : 30;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(typeof authorization === 'string' && authorization ? { authorization } : {}),
      },
      body: JSON.stringify({
        dataType: input.dataType,
        data: input.data,
        tlp: input.tlp,
        pap: input.pap,
        message: input.message,
        parameters: input.parameters,
      }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(seconds * 1000)]),
      redirect: 'manual',
    });
  } catch (error) {
    return {
      success: false,
      errorMessage: `The webhook ${url} could not be called: ${(error as Error).message}`,
    };
  }
  const answer = (await response.text()).slice(0, MAX_ANSWER);
  if (!response.ok)
    return {
      success: false,
      errorMessage: `The webhook ${url} answered ${response.status}: ${answer.slice(0, 500)}`,
    };
  const out = report({ url, status: response.status, answer }, []);
  if (out.success && typeof tag === 'string' && tag) {
    const type =
      input.dataType === 'thehive:alert'
        ? 'AddTagToAlert'
        : input.dataType === 'thehive:case_artifact'
          ? 'AddTagToArtifact'
          : 'AddTagToCase';
    out.operations.push({ type, tag });
  }
  return out;
};
