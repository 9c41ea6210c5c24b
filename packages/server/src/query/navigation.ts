/**
 * v1 navigation steps (types.ts `EntityDef.navigation`) to the rows of other entities that hold
 * this row's id in one column (a case's tasks, observables, alerts... through `case_id`).
 */
export function childrenBy(
  column: string,
  steps: Record<string, string>,
): Record<string, { entity: string; column: string; sourceColumn: string }> {
  return Object.fromEntries(
    Object.entries(steps).map(([step, entity]) => [step, { entity, column, sourceColumn: 'id' }]),
  );
}

/**
 * v1 navigation steps to the rows this row names in its `<entity>_id` columns (an observable's case
 * and alert), each step named after its entity.
 */
export function parentsBy(
  ...entities: string[]
): Record<string, { entity: string; column: string; sourceColumn: string }> {
  return Object.fromEntries(
    entities.map((entity) => [entity, { entity, column: 'id', sourceColumn: `${entity}_id` }]),
  );
}
