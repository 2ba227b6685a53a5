export { CRM_COLUMNS, CRM_KINDS, CSV_TAG_SEPARATOR, validateCrmRecord, yuanToFen } from './crm-records';
export type { CrmKind, CrmRecordOf, CustomerRecord, HoldingRecord, OwnershipRecord, RawRecord, TagsRecord, Validated } from './crm-records';
export { CrmStore, type RowOutcome } from './crm-store';
export { createCrmFeed, type CrmChange, type CrmFeed } from './crm-feed';
export { classifyCrmFile, CrmFileError, planCrmFiles, readCrmFile, type CrmFile, type CrmFileFormat, type SourceRow } from './crm-files';
export { DEFAULT_BATCH_SIZE, importCrmFiles, type BadRow, type FileResult, type ImportOptions, type ImportProgress, type ImportSummary, type KindTotals } from './crm-import';
export { countOwnershipConflicts, findOwnershipConflicts, type OwnershipConflict } from './ownership-conflicts';
