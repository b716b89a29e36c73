export type * from './types.js';
export { AddressParseError, parseAddress, parseBlock } from './address.js';
