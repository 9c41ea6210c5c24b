/** The built-in case report template (`template=default`, or no template named): Markdown. */
export const DEFAULT_REPORT_TEMPLATE = `# Case #{{case.number}}: {{case.title}}

| | |
|---|---|
| Organisation | {{organisation}} |
| Severity | {{case.severity}} |
| TLP / PAP | {{case.tlp}} / {{case.pap}} |
| Status | {{case.status}} ({{case.stage}}) |
| Assignee | {{case.assignee}} |
| Started | {{case.startDate}} |
{{#case.endDate}}| Closed | {{case.endDate}} |
{{/case.endDate}}| Tags | {{#case.tags}}{{.}} {{/case.tags}} |

## Description

{{case.description}}
{{#case.summary}}

## Summary

{{case.summary}}
{{/case.summary}}

## Tasks
{{#tasks}}

### {{title}} ({{status}})

{{#description}}{{description}}

{{/description}}{{#logs}}- {{date}} {{author}}: {{message}}
{{/logs}}{{/tasks}}{{^tasks}}

No task.
{{/tasks}}

## Indicators of compromise

{{#iocs}}
- {{dataType}}: \`{{data}}\`{{#message}} ({{message}}){{/message}}
{{/iocs}}
{{^iocs}}
None.
{{/iocs}}

## Observables

{{#observables}}
- {{dataType}}: \`{{data}}\`{{#ioc}} (IOC){{/ioc}}
{{/observables}}
{{#ttps.length}}

## Tactics, techniques and procedures

{{#ttps}}
- {{patternId}} {{name}}{{#tactic}} ({{tactic}}){{/tactic}}{{#description}}: {{description}}{{/description}}
{{/ttps}}
{{/ttps.length}}
{{#pages.length}}

## Pages
{{#pages}}

### {{title}}

{{content}}
{{/pages}}
{{/pages.length}}

## Timeline

{{#timeline}}
- {{date}} {{kind}} {{summary}}
{{/timeline}}

_Report generated {{generatedAt}} by {{generatedBy}}._
`;
