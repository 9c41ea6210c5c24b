/**
 * The state of a small form's fields in one object, with binders for Mantine inputs:
 * `<TextInput {...fields.text('name')} />`, `<Checkbox {...fields.check('mandatory')} />`.
 */
import { useState } from 'react';

type Values = Record<string, string | boolean>;
type Keys<T, V> = { [K in keyof T]: T[K] extends V ? K : never }[keyof T];

export function useFields<T extends Values>(initial: T) {
  const [values, setValues] = useState(initial);
  const set = <K extends keyof T>(key: K, value: T[K]) => setValues((v) => ({ ...v, [key]: value }));
  return {
    values,
    set,
    /** Back to `initial` for the keys given (all when none). */
    reset: (...keys: Array<keyof T>) =>
      setValues((v) =>
        keys.length === 0 ? initial : { ...v, ...Object.fromEntries(keys.map((k) => [k, initial[k]])) },
      ),
    text: (key: Keys<T, string>) => ({
      value: values[key] as string,
      onChange: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value as T[typeof key]),
    }),
    check: (key: Keys<T, boolean>) => ({
      checked: values[key] as boolean,
      onChange: (e: { currentTarget: { checked: boolean } }) =>
        set(key, e.currentTarget.checked as T[typeof key]),
    }),
  };
}
