/**
 * Adds a technique to a case or an alert: type an ATT&CK id or part of a name, choose among the matching imported
 * patterns (arrow keys and Enter work in the list), then the tactic and when it happened.
 */
import { Button, Group, NativeSelect, Paper, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client } from '../api/http';
import { type Pattern, procedures } from '../api/procedures';
import { DateTimeInput, toLocalInput } from '../common/DateTimeInput';
import { PatternPicker } from './PatternPicker';
import { useCaseMutation } from './useCaseMutation';

export function ProcedureForm({ caseId, alertId }: { caseId?: string; alertId?: string }) {
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), 200);
  const [chosen, setChosen] = useState<Pattern>();
  const [tactic, setTactic] = useState('');
  const [when, setWhen] = useState(() => toLocalInput(Date.now()));
  const [description, setDescription] = useState('');
  const found = useQuery({
    queryKey: ['patterns', debounced],
    queryFn: () => procedures.findPatterns(debounced),
    enabled: debounced.length > 1 && !chosen,
  });
  const add = useCaseMutation(
    () => {
      const body = {
        patternId: chosen!.patternId,
        tactic: tactic || undefined,
        occurDate: new Date(when).getTime(),
        description: description || undefined,
      };
      return alertId ? client.procedure.addToAlert(alertId, body) : procedures.add(caseId!, body);
    },
    'Technique added',
    alertId ? ['alert', alertId] : ['case'],
  );
  const reset = () => {
    setChosen(undefined);
    setText('');
    setDescription('');
  };
  return (
    <Paper withBorder p="sm" component="section" aria-label="Add a technique">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen) add.mutate(undefined, { onSuccess: reset });
        }}
      >
        <Stack gap="xs">
          <TextInput
            label="Technique (ATT&CK id or name)"
            value={chosen ? `${chosen.patternId} ${chosen.name}` : text}
            readOnly={Boolean(chosen)}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          {!chosen && (
            <PatternPicker
              patterns={found.data ?? []}
              onChoose={(p) => {
                setChosen(p);
                setTactic(p.tactics[0] ?? '');
              }}
            />
          )}
          {chosen && (
            <Group gap="xs" align="flex-end">
              <NativeSelect
                label="Tactic"
                data={chosen.tactics}
                value={tactic}
                onChange={(e) => setTactic(e.currentTarget.value)}
              />
              <DateTimeInput label="Occurred" value={when} onChange={setWhen} />
              <TextInput
                label="Procedure description"
                value={description}
                onChange={(e) => setDescription(e.currentTarget.value)}
                style={{ flex: 1 }}
              />
              <Button type="submit" loading={add.isPending}>
                Add technique
              </Button>
              <Button variant="default" onClick={reset}>
                Change technique
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
