// Validates Azure Pipelines YAML files with Microsoft's own language service (the engine of the VS Code extension)
// against shared/schemas/azure-pipelines-service-schema.json. Usage:
//   node validate-azure-pipelines.js SCHEMA [--tasks=DIR] FILE...
// Prints file:line:col: message for every diagnostic; exits 1 if there is any (the command in shared/schemas/README.md).
// --tasks=DIR adds the tasks DIR/*/task.json to the schema the way an organization's own schema
// (GET _apis/distributedtask/yamlschema) lists the tasks of its installed extensions: the published schema knows only
// Microsoft's in-box tasks, and would report every `- task: MlOpsTrain@1` and its inputs.
const fs = require('fs');
const path = require('path');
const ls = require('azure-pipelines-language-service');
const log = console.log;
console.log = () => {}; // the language service logs its progress on stdout
const schema = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let files = process.argv.slice(3);
const tasksOption = files.find(a => a.startsWith('--tasks='));
if (tasksOption) {
  files = files.filter(a => a !== tasksOption);
  addTasks(schema, tasksOption.slice('--tasks='.length));
}

/** One entry per task.json, shaped like the schema's own entries for in-box tasks. */
function addTasks(target, folder) {
  const task = target.definitions.task;
  for (const dir of fs.readdirSync(folder).sort()) {
    const manifest = path.join(folder, dir, 'task.json');
    if (!fs.existsSync(manifest)) continue;
    const t = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    const name = `${t.name}@${t.version.Major}`;
    task.properties.task.anyOf.push({ description: t.friendlyName, ignoreCase: 'value', enum: [name] });
    const properties = {};
    for (const input of t.inputs) {
      const p = { description: input.label, ignoreCase: 'key' };
      if (input.aliases) p.aliases = input.aliases;
      if (input.type === 'pickList' && input.options && !(input.properties && input.properties.EditableOptions === 'True')) {
        // A template passes its own parameter (${{ parameters.format }}), checked against its values: at compile time.
        p.anyOf = [{ enum: Object.keys(input.options), ignoreCase: 'all' }, { type: 'string', pattern: '^\\$\\{\\{.*\\}\\}$' }];
      } else {
        p.type = input.type === 'boolean' ? 'boolean' : 'string';
      }
      properties[input.name] = p;
    }
    // Required only when the agent would have no value: no default and always visible.
    const required = t.inputs.filter(i => i.required && !i.defaultValue && !i.visibleRule).map(i => i.name);
    task.anyOf.push({
      properties: {
        task: { description: t.friendlyName, ignoreCase: 'value', pattern: `^${name}$` },
        inputs: { description: `${t.friendlyName} inputs`, properties, additionalProperties: false, ...(required.length ? { required } : {}) },
      },
      firstProperty: ['task'],
      required: ['task', ...(required.length ? ['inputs'] : [])],
    });
  }
}

const service = ls.getLanguageService(async () => schema, [], null);
service.configure({ validate: true, schemas: [{ uri: 'file:///ado.json', fileMatch: ['*'], schema }] });
(async () => {
  let bad = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const d of await service.doValidation(ls.TextDocument.create('file:///' + file, 'yaml', 1, text), ls.parse(text))) {
      bad++;
      console.error(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message.slice(0, 200)}`);
    }
  }
  if (!bad) log(`${files.length} file(s) valid`);
  process.exit(bad ? 1 : 0);
})();
