/**
 * Taxonomies and their tags on the wire (TheHive's OutputTaxonomy, OutputTag).
 */
import { formatId, type TaxonomyOutput, type TaxonomyTagOutput } from '@propolis/core';
import type { TaxonomyTagRow } from '../../db/repositories/taxonomies.js';
import { tagText } from '../../domain/taxonomies/machinetag.js';
import type { TaxonomyView } from '../../domain/taxonomies/taxonomies.js';
import { auditedRow, metaV1, optional } from './meta.js';

export function taxonomyTagV1(row: TaxonomyTagRow): TaxonomyTagOutput {
  const out: TaxonomyTagOutput = {
    ...metaV1(formatId(row.id), 'Tag', auditedRow(row)),
    namespace: row.namespace,
    predicate: row.predicate,
    colour: row.colour,
    text: tagText(row.namespace, row.predicate, row.value),
  };
  optional(out, 'value', row.value);
  optional(out, 'description', row.description);
  return out;
}

export function taxonomyV1(view: TaxonomyView): TaxonomyOutput {
  return {
    ...metaV1(formatId(view.row.id), 'Taxonomy', auditedRow(view.row)),
    namespace: view.row.namespace,
    description: view.row.description,
    version: view.row.version,
    enabled: view.row.enabled === 1,
    tags: view.tags.map(taxonomyTagV1),
    extraData: {},
  };
}
