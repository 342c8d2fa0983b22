// Validates ASL files with asl-validator and prints one JSON line per file: {"file", "valid", "errors"}.
// Usage: node validate.mjs <file>...
import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';

let failed = false;
for (const file of process.argv.slice(2)) {
  const definition = JSON.parse(readFileSync(file, 'utf8'));
  const { isValid, errors } = aslValidator(definition, { checkArn: true, checkPaths: true });
  failed ||= !isValid;
  process.stdout.write(JSON.stringify({ file, valid: isValid, errors: errors.map((e) => JSON.stringify(e)) }) + '\n');
}
process.exitCode = failed ? 1 : 0;
