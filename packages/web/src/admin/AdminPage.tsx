/**
 * Administration screens: organisations, users, profiles, custom fields, observable types, case
 * templates here; page templates, statuses, taxonomies and the ATT&CK import in their own files.
 * Each is a list and a creation form; refusals are shown in words.
 */
import { Button, Checkbox, Group, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../api/calls';
import { ErrorText } from '../common/ErrorText';
import { AttackAdmin } from './AttackAdmin';
import { PageTemplatesAdmin } from './PageTemplatesAdmin';
import { Section } from './Section';
import { StatusesAdmin } from './StatusesAdmin';
import { TaxonomiesAdmin } from './TaxonomiesAdmin';
import { useCreate } from './useCreate';

export function AdminPage() {
  const { section } = useParams({ from: '/admin/$section' });
  switch (section) {
    case 'organisations':
      return <Organisations />;
    case 'users':
      return <Users />;
    case 'profiles':
      return <Profiles />;
    case 'custom-fields':
      return <CustomFields />;
    case 'observable-types':
      return <ObservableTypes />;
    case 'case-templates':
      return <CaseTemplates />;
    case 'page-templates':
      return <PageTemplatesAdmin />;
    case 'statuses':
      return <StatusesAdmin />;
    case 'taxonomies':
      return <TaxonomiesAdmin />;
    case 'attack':
      return <AttackAdmin />;
    default:
      return <ErrorText error={new Error(`There is no admin screen "${section}".`)} />;
  }
}

function Organisations() {
  const list = useQuery({ queryKey: ['admin', 'organisations'], queryFn: api.admin.organisations });
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useCreate('organisations', api.admin.createOrganisation, 'Organisation');
  return (
    <Section
      title="Organisations"
      error={list.error}
      head={['Name', 'Description', 'Locked']}
      rows={list.data?.map((o) => [o.name, o.description, o.locked ? 'yes' : ''])}
      form={
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name, description }, { onSuccess: () => (setName(''), setDescription('')) });
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
            <TextInput
              label="Description"
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              required
              w={320}
            />
            <Button type="submit" loading={create.isPending}>
              Create organisation
            </Button>
          </Group>
          <ErrorText error={create.error} />
        </form>
      }
    />
  );
}

function Users() {
  const list = useQuery({ queryKey: ['admin', 'users'], queryFn: api.admin.users });
  const orgs = useQuery({ queryKey: ['admin', 'organisations'], queryFn: api.admin.organisations });
  const profiles = useQuery({ queryKey: ['admin', 'profiles'], queryFn: api.admin.profiles });
  const [form, setForm] = useState({
    login: '',
    name: '',
    profile: 'analyst',
    organisation: '',
    password: '',
  });
  const create = useCreate('users', api.admin.createUser, 'User');
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: value }));
  };
  return (
    <Section
      title="Users"
      error={list.error}
      head={['Login', 'Name', 'Organisation', 'Profile', 'MFA', 'Locked']}
      rows={list.data?.map((u) => [
        u.login,
        u.name,
        u.organisation,
        u.profile,
        u.hasMFA ? 'yes' : '',
        u.locked ? 'yes' : '',
      ])}
      form={
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const { password, organisation, ...rest } = form;
            create.mutate(
              { ...rest, ...(organisation ? { organisation } : {}), ...(password ? { password } : {}) },
              { onSuccess: () => setForm((f) => ({ ...f, login: '', name: '', password: '' })) },
            );
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput label="Login" value={form.login} onChange={set('login')} required />
            <TextInput label="Name" value={form.name} onChange={set('name')} required />
            <NativeSelect
              label="Organisation"
              value={form.organisation}
              onChange={set('organisation')}
              data={[{ value: '', label: '(mine)' }, ...(orgs.data ?? []).map((o) => o.name)]}
            />
            <NativeSelect
              label="Profile"
              value={form.profile}
              onChange={set('profile')}
              data={(profiles.data ?? []).map((p) => p.name).concat(profiles.data ? [] : ['analyst'])}
            />
            <TextInput
              label="Initial password"
              type="password"
              value={form.password}
              onChange={set('password')}
              autoComplete="new-password"
            />
            <Button type="submit" loading={create.isPending}>
              Create user
            </Button>
          </Group>
          <ErrorText error={create.error} />
        </form>
      }
    />
  );
}

function Profiles() {
  const list = useQuery({ queryKey: ['admin', 'profiles'], queryFn: api.admin.profiles });
  return (
    <Section
      title="Profiles"
      error={list.error}
      head={['Name', 'Admin', 'Permissions']}
      rows={list.data?.map((p) => [
        p.name,
        p.isAdmin ? 'yes' : '',
        <Text key="p" size="xs">
          {p.permissions.join(', ')}
        </Text>,
      ])}
    />
  );
}

const FIELD_TYPES = ['string', 'integer', 'float', 'boolean', 'date', 'url'];

function CustomFields() {
  const list = useQuery({ queryKey: ['admin', 'customFields'], queryFn: api.admin.customFields });
  const [form, setForm] = useState({
    name: '',
    displayName: '',
    description: '',
    type: 'string',
    mandatory: false,
  });
  const create = useCreate('customFields', api.admin.createCustomField, 'Custom field');
  return (
    <Section
      title="Custom fields"
      error={list.error}
      head={['Name', 'Display name', 'Type', 'Mandatory', 'Description']}
      rows={list.data?.map((f) => [f.name, f.displayName, f.type, f.mandatory ? 'yes' : '', f.description])}
      form={
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(form, {
              onSuccess: () => setForm((f) => ({ ...f, name: '', displayName: '', description: '' })),
            });
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput
              label="Name"
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
              required
            />
            <TextInput
              label="Display name"
              value={form.displayName}
              onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
            />
            <NativeSelect
              label="Type"
              data={FIELD_TYPES}
              value={form.type}
              onChange={(e) => setForm({ ...form, type: e.currentTarget.value })}
            />
            <TextInput
              label="Description"
              value={form.description}
              onChange={(e) => setForm({ ...form, description: e.currentTarget.value })}
              required
            />
            <Checkbox
              label="Mandatory"
              checked={form.mandatory}
              onChange={(e) => setForm({ ...form, mandatory: e.currentTarget.checked })}
              mb={8}
            />
            <Button type="submit" loading={create.isPending}>
              Create custom field
            </Button>
          </Group>
          <ErrorText error={create.error} />
        </form>
      }
    />
  );
}

function ObservableTypes() {
  const list = useQuery({ queryKey: ['admin', 'observableTypes'], queryFn: api.admin.observableTypes });
  const [name, setName] = useState('');
  const [isAttachment, setIsAttachment] = useState(false);
  const create = useCreate('observableTypes', api.admin.createObservableType, 'Observable type');
  return (
    <Section
      title="Observable types"
      error={list.error}
      head={['Name', 'File', 'Case-sensitive']}
      rows={list.data?.map((t) => [t.name, t.isAttachment ? 'yes' : '', t.isCaseSensitive ? 'yes' : ''])}
      form={
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name, isAttachment }, { onSuccess: () => setName('') });
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
            <Checkbox
              label="Holds a file"
              checked={isAttachment}
              onChange={(e) => setIsAttachment(e.currentTarget.checked)}
              mb={8}
            />
            <Button type="submit" loading={create.isPending}>
              Create observable type
            </Button>
          </Group>
          <ErrorText error={create.error} />
        </form>
      }
    />
  );
}

function CaseTemplates() {
  const list = useQuery({ queryKey: ['admin', 'caseTemplates'], queryFn: api.admin.caseTemplates });
  const [form, setForm] = useState({ name: '', titlePrefix: '', description: '', tasks: '' });
  const create = useCreate('caseTemplates', api.admin.createCaseTemplate, 'Case template');
  return (
    <Section
      title="Case templates"
      error={list.error}
      head={['Name', 'Title prefix', 'Tasks']}
      rows={list.data?.map((t) => [
        t.name,
        (t as { titlePrefix?: string }).titlePrefix ?? '',
        ((t as { tasks?: { title: string }[] }).tasks ?? []).map((task) => task.title).join(', '),
      ])}
      form={
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const tasks = form.tasks
              .split('\n')
              .map((line) => line.trim())
              .filter(Boolean)
              .map((title, order) => ({ title, order }));
            create.mutate(
              {
                name: form.name,
                titlePrefix: form.titlePrefix || undefined,
                description: form.description || undefined,
                tasks,
              },
              { onSuccess: () => setForm({ name: '', titlePrefix: '', description: '', tasks: '' }) },
            );
          }}
        >
          <Group align="flex-start" gap="xs">
            <Stack gap="xs">
              <TextInput
                label="Name"
                value={form.name}
                onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
                required
              />
              <TextInput
                label="Title prefix"
                value={form.titlePrefix}
                onChange={(e) => setForm({ ...form, titlePrefix: e.currentTarget.value })}
              />
            </Stack>
            <Textarea
              label="Description (markdown)"
              autosize
              minRows={3}
              w={280}
              value={form.description}
              onChange={(e) => setForm({ ...form, description: e.currentTarget.value })}
            />
            <Textarea
              label="Tasks (one title per line)"
              autosize
              minRows={3}
              w={280}
              value={form.tasks}
              onChange={(e) => setForm({ ...form, tasks: e.currentTarget.value })}
            />
            <Button type="submit" mt={24} loading={create.isPending}>
              Create case template
            </Button>
          </Group>
          <ErrorText error={create.error} />
        </form>
      }
    />
  );
}
