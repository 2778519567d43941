// Validates Azure Pipelines YAML files with Microsoft's own language service (the engine of the VS Code extension)
// against shared/schemas/azure-pipelines-service-schema.json. Usage: node validate-azure-pipelines.js SCHEMA FILE...
// Prints file:line:col: message for every diagnostic; exits 1 if there is any (the command in shared/schemas/README.md).
const fs = require('fs');
const ls = require('azure-pipelines-language-service');
const log = console.log;
console.log = () => {}; // the language service logs its progress on stdout
const schema = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const service = ls.getLanguageService(async () => schema, [], null);
service.configure({ validate: true, schemas: [{ uri: 'file:///ado.json', fileMatch: ['*'], schema }] });
(async () => {
  let bad = 0;
  for (const file of process.argv.slice(3)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const d of await service.doValidation(ls.TextDocument.create('file:///' + file, 'yaml', 1, text), ls.parse(text))) {
      bad++;
      console.error(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message.slice(0, 200)}`);
    }
  }
  if (!bad) log(`${process.argv.length - 3} file(s) valid`);
  process.exit(bad ? 1 : 0);
})();
