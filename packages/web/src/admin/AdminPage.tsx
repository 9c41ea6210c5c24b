/**
 * Administration screens: organisations, users, profiles, custom fields, observable types, case
 * templates here; page templates, statuses, taxonomies and the ATT&CK import in their own files.
 * Each is a list and a creation form; refusals are shown in words.
 */
import { Checkbox, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { api } from '../api/calls';
import { ErrorText } from '../common/ErrorText';
import { useFields } from '../common/useFields';
import { AttackAdmin } from './AttackAdmin';
import { CreateForm } from './CreateForm';
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
  const fields = useFields({ name: '', description: '' });
  const create = useCreate('organisations', api.admin.createOrganisation, 'Organisation');
  return (
    <Section
      title="Organisations"
      error={list.error}
      head={['Name', 'Description', 'Locked']}
      rows={list.data?.map((o) => [o.name, o.description, o.locked ? 'yes' : ''])}
      form={
        <CreateForm
          mutation={create}
          label="Create organisation"
          onSubmit={() => create.mutate(fields.values, { onSuccess: () => fields.reset() })}
        >
          <TextInput label="Name" {...fields.text('name')} required />
          <TextInput label="Description" {...fields.text('description')} required w={320} />
        </CreateForm>
      }
    />
  );
}

function Users() {
  const list = useQuery({ queryKey: ['admin', 'users'], queryFn: api.admin.users });
  const orgs = useQuery({ queryKey: ['admin', 'organisations'], queryFn: api.admin.organisations });
  const profiles = useQuery({ queryKey: ['admin', 'profiles'], queryFn: api.admin.profiles });
  const fields = useFields({ login: '', name: '', profile: 'analyst', organisation: '', password: '' });
  const create = useCreate('users', api.admin.createUser, 'User');
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
        <CreateForm
          mutation={create}
          label="Create user"
          onSubmit={() => {
            const { password, organisation, ...rest } = fields.values;
            create.mutate(
              { ...rest, ...(organisation ? { organisation } : {}), ...(password ? { password } : {}) },
              { onSuccess: () => fields.reset('login', 'name', 'password') },
            );
          }}
        >
          <TextInput label="Login" {...fields.text('login')} required />
          <TextInput label="Name" {...fields.text('name')} required />
          <NativeSelect
            label="Organisation"
            {...fields.text('organisation')}
            data={[{ value: '', label: '(mine)' }, ...(orgs.data ?? []).map((o) => o.name)]}
          />
          <NativeSelect
            label="Profile"
            {...fields.text('profile')}
            data={(profiles.data ?? []).map((p) => p.name).concat(profiles.data ? [] : ['analyst'])}
          />
          <TextInput
            label="Initial password"
            type="password"
            {...fields.text('password')}
            autoComplete="new-password"
          />
        </CreateForm>
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
  const fields = useFields({ name: '', displayName: '', description: '', type: 'string', mandatory: false });
  const create = useCreate('customFields', api.admin.createCustomField, 'Custom field');
  return (
    <Section
      title="Custom fields"
      error={list.error}
      head={['Name', 'Display name', 'Type', 'Mandatory', 'Description']}
      rows={list.data?.map((f) => [f.name, f.displayName, f.type, f.mandatory ? 'yes' : '', f.description])}
      form={
        <CreateForm
          mutation={create}
          label="Create custom field"
          onSubmit={() =>
            create.mutate(fields.values, {
              onSuccess: () => fields.reset('name', 'displayName', 'description'),
            })
          }
        >
          <TextInput label="Name" {...fields.text('name')} required />
          <TextInput label="Display name" {...fields.text('displayName')} />
          <NativeSelect label="Type" data={FIELD_TYPES} {...fields.text('type')} />
          <TextInput label="Description" {...fields.text('description')} required />
          <Checkbox label="Mandatory" {...fields.check('mandatory')} mb={8} />
        </CreateForm>
      }
    />
  );
}

function ObservableTypes() {
  const list = useQuery({ queryKey: ['admin', 'observableTypes'], queryFn: api.admin.observableTypes });
  const fields = useFields({ name: '', isAttachment: false });
  const create = useCreate('observableTypes', api.admin.createObservableType, 'Observable type');
  return (
    <Section
      title="Observable types"
      error={list.error}
      head={['Name', 'File', 'Case-sensitive']}
      rows={list.data?.map((t) => [t.name, t.isAttachment ? 'yes' : '', t.isCaseSensitive ? 'yes' : ''])}
      form={
        <CreateForm
          mutation={create}
          label="Create observable type"
          onSubmit={() => create.mutate(fields.values, { onSuccess: () => fields.reset('name') })}
        >
          <TextInput label="Name" {...fields.text('name')} required />
          <Checkbox label="Holds a file" {...fields.check('isAttachment')} mb={8} />
        </CreateForm>
      }
    />
  );
}

function CaseTemplates() {
  const list = useQuery({ queryKey: ['admin', 'caseTemplates'], queryFn: api.admin.caseTemplates });
  const fields = useFields({ name: '', titlePrefix: '', description: '', tasks: '' });
  const create = useCreate('caseTemplates', api.admin.createCaseTemplate, 'Case template');
  const { name, titlePrefix, description } = fields.values;
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
        <CreateForm
          mutation={create}
          label="Create case template"
          align="flex-start"
          onSubmit={() => {
            const tasks = fields.values.tasks
              .split('\n')
              .map((line) => line.trim())
              .filter(Boolean)
              .map((title, order) => ({ title, order }));
            create.mutate(
              { name, titlePrefix: titlePrefix || undefined, description: description || undefined, tasks },
              { onSuccess: () => fields.reset() },
            );
          }}
        >
          <Stack gap="xs">
            <TextInput label="Name" {...fields.text('name')} required />
            <TextInput label="Title prefix" {...fields.text('titlePrefix')} />
          </Stack>
          <Textarea
            label="Description (markdown)"
            autosize
            minRows={3}
            w={280}
            {...fields.text('description')}
          />
          <Textarea
            label="Tasks (one title per line)"
            autosize
            minRows={3}
            w={280}
            {...fields.text('tasks')}
          />
        </CreateForm>
      }
    />
  );
}
