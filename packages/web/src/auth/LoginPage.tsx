/**
 * Sign in: login and password, then a TOTP code when the account has one (the server answers that a
 * code is required); SSO buttons when /api/v1/status/public lists providers, and straight to the first
 * one when it says `ssoAutoLogin` (`?local` keeps the form, for administrators and after a failure).
 * Either way the user comes back to the page they asked for.
 */
import {
  Alert,
  Button,
  Center,
  Divider,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { api, type SsoProvider } from '../api/calls';
import { ApiError, errorText } from '../api/http';
import { useFields } from '../common/useFields';
import { sessionExpired, signedIn } from './session';

/** Read as the page loads, before the router rewrites the address. */
const LOCAL_LOGIN = new URLSearchParams(window.location.search).has('local');

/** Where a provider's sign-in starts, coming back to the page the user asked for. */
function ssoHref(provider: SsoProvider): string {
  const back = `${window.location.pathname}${window.location.search}`;
  return `${provider.loginUrl}?redirect=${encodeURIComponent(back)}`;
}

export function LoginPage() {
  const status = useQuery({ queryKey: ['status-public'], queryFn: api.status, staleTime: Infinity });
  const fields = useFields({ login: '', password: '', code: '' });
  const { login, password, code } = fields.values;
  const [needCode, setNeedCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const user = await api.login(login, password, needCode ? code : undefined);
      signedIn(user);
    } catch (e) {
      if (e instanceof ApiError && /TOTP code is required/i.test(e.message)) {
        setNeedCode(true);
        setError(undefined);
      } else if (e instanceof ApiError && e.status === 401) {
        setError(
          needCode
            ? 'Wrong code: type the current code of your authenticator app.'
            : 'Wrong login or password.',
        );
      } else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const providers = status.data?.ssoProviders ?? [];
  const autoLogin = status.data?.ssoAutoLogin === true && providers[0] !== undefined && !LOCAL_LOGIN;
  useEffect(() => {
    if (autoLogin && providers[0]) window.location.assign(ssoHref(providers[0]));
  }, [autoLogin, providers]);
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={380} component="main">
        <form onSubmit={submit} aria-label="Sign in">
          <Stack>
            <Title order={1} size="h2">
              Propolis
            </Title>
            {sessionExpired() && (
              <Alert color="yellow" role="status">
                Your session expired: sign in again to continue where you were.
              </Alert>
            )}
            {!needCode ? (
              <>
                <TextInput
                  label="Login"
                  autoComplete="username"
                  {...fields.text('login')}
                  required
                  autoFocus
                />
                <PasswordInput
                  label="Password"
                  autoComplete="current-password"
                  {...fields.text('password')}
                  required
                />
              </>
            ) : (
              <TextInput
                label="Authentication code"
                description="The 6-digit code of your authenticator app"
                inputMode="numeric"
                autoComplete="one-time-code"
                {...fields.text('code')}
                required
                autoFocus
              />
            )}
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
            {providers.length > 0 && (
              <>
                <Divider label="or" />
                {providers.map((p) => (
                  <Button key={p.name} component="a" href={ssoHref(p)} variant="default">
                    Sign in with {p.label ?? p.name}
                  </Button>
                ))}
              </>
            )}
            <Text size="xs" c="dimmed">
              {status.data ? `Propolis ${status.data.version}` : ' '}
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
