/**
 * Second-factor set-up that the sign-in policy requires before anything else (docs/sso.md): a new
 * secret to add to an authenticator app (a QR code of the otpauth URL to scan, the link, or the secret
 * typed in), then a code to confirm it. The QR code is drawn in the page by a chunk loaded on demand.
 */
import {
  Alert,
  Anchor,
  Button,
  Center,
  Code,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { api } from '../api/calls';
import { errorText } from '../api/http';
import { mfaSetUp, signOut } from './session';

const QrCode = lazy(() => import('../common/QrCode').then((m) => ({ default: m.QrCode })));

export function TotpSetupPage() {
  const [secret, setSecret] = useState<{ secret: string; uri: string } | undefined>();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function run(step: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await step();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  const start = () =>
    run(async () => {
      const answer = await api.setTotp();
      if (answer.secret && answer.uri) setSecret({ secret: answer.secret, uri: answer.uri });
    });
  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (!secret) return;
    void run(async () => {
      await api.setTotp(secret.secret, code.trim());
      mfaSetUp();
    });
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={460} component="main">
        <Stack>
          <Title order={1} size="h2">
            Set up two-factor authentication
          </Title>
          <Text size="sm">
            Your organisation requires a second factor. Add Propolis to an authenticator app, then type the
            code it shows.
          </Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {!secret ? (
            <Button onClick={start} loading={busy}>
              Start
            </Button>
          ) : (
            <form onSubmit={confirm} aria-label="Confirm the second factor">
              <Stack>
                <Text size="sm">Scan this code with an authenticator app:</Text>
                <Center>
                  <Suspense fallback={<Loader size="sm" aria-label="Drawing the QR code" />}>
                    <QrCode text={secret.uri} label="QR code of the authenticator set-up link" />
                  </Suspense>
                </Center>
                <Text size="sm">
                  Or open <Anchor href={secret.uri}>this link</Anchor> on a device with an authenticator app,
                  or type this secret into it:
                </Text>
                <Code data-testid="totp-secret" fz="md">
                  {secret.secret}
                </Code>
                <TextInput
                  label="Code"
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  required
                  autoFocus
                />
                <Button type="submit" loading={busy}>
                  Confirm
                </Button>
              </Stack>
            </form>
          )}
          <Button variant="default" onClick={() => void signOut()}>
            Sign out
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
