export type * from './types.js';
export {
  AddressParseError,
  parseAddress,
  parseBlock,
  type AddressFailure,
  type AddressFailurePlace,
} from './address.js';
export { ListEntryError, ListParseError } from './errors.js';
export { AllowedIpList, type FromTextOptions, type ToJsonOptions } from './list.js';
export { ListArgumentError, type ListLike } from './cover.js';
export { diffLists, formatDiff } from './diff.js';
export { EXPORT_FORMATS, ExportOptionError, exportRules } from './export.js';
