// `pnpm --filter @pfs/bff crm:sample`: (re)writes bff/fixtures/crm-sample/, the sample head-office CRM export for
// CRM_SAMPLE_DAY (the files the tests import and the README shows), and its bad/ companion used by the tests. The
// generator is src/modules/demo-data/crm-sample.ts; the embedded default's first start generates the same sample for
// its own seeding day instead of reading these files.
import path from 'node:path';
import { CRM_SAMPLE_DAY, crmSampleBadFiles, crmSampleFiles, writeFiles } from '../src/modules/demo-data/crm-sample';

const OUT = path.resolve(__dirname, '../fixtures/crm-sample');

function main(): void {
  const sample = crmSampleFiles(new Date(`${CRM_SAMPLE_DAY}T00:00:00Z`));
  writeFiles(OUT, sample.files);
  writeFiles(path.join(OUT, 'bad'), crmSampleBadFiles());
  process.stdout.write(
    `wrote ${sample.customers} customers for ${CRM_SAMPLE_DAY} to ${path.relative(process.cwd(), OUT)} (ownership conflict: ${sample.conflict.crmNo} → ${sample.conflict.owner}) and bad/\n`,
  );
}

main();
